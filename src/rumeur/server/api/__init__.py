"""The API's routers, one module per area (listed in :data:`rumeur.server.app.API_MODULES`)."""
