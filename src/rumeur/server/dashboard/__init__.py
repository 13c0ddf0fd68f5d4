"""The web dashboard: server-rendered pages (Jinja2, autoescape on) over the same
Workspace methods as the CLI and the API, in French by default and English on request,
working offline (no CDN: its CSS and script ship in the package).

- :mod:`.routes`: the pages and the forms (label correction, alert rules), mounted by
  :func:`rumeur.server.create_app` through :func:`.routes.install`;
- :mod:`.page`: the templates' environment and each page's context (language, time
  zone, user, filters, links);
- :mod:`.views_core`, :mod:`.views_mentions`, :mod:`.views_analytics`,
  :mod:`.views_ops`: one view-model per page, read from the Workspace;
- :mod:`.charts`: the report's SVG charts, each with the table of its values;
- :mod:`.i18n`: the words, in French and English.

See docs/dashboard.md.
"""
