"""Phrase banks for brand accounts, customer care, conversations and the scripted events.

See :mod:`rumeur.demo.phrases` for the template syntax.
"""

# Phrase banks are data: one template per line reads better than wrapped strings.
# ruff: noqa: E501

from __future__ import annotations

#: What brand accounts post, by the motivation it serves (why people follow brands).
BRAND_POSTS: dict[str, tuple[str, ...]] = {
    "promotion": (
        "[🎁|🔥|⚡] [Offre spéciale|Bon plan|Vente flash] : le forfait {GB} Go à {PRICE} [au lieu de|contre] {OLD} [jusqu'à dimanche|ce week-end seulement|pendant 72h] avec le code {CODE} 👉 {LINK}",
        "[C'est la rentrée|Les soldes sont là|Black Friday avant l'heure] : [-30%|-50%|3 mois offerts] sur [la box fibre|le forfait 5G|la seconde ligne] 👉 {LINK} #{TAG}",
        "[Parrainez un proche|Invitez un ami] et [gagnez|recevez] [{N}0 €|un mois offert] [chacun|tous les deux] ! Détails 👉 {LINK}",
        "[Ce week-end|Jusqu'à lundi] en boutique : [smartphone reconditionné|écouteurs offerts] pour toute souscription. #{TAG} {LINK}",
    ),
    "practical": (
        "[💡|📱|ℹ️] [Astuce|Le saviez-vous ?] : [activez les appels Wi-Fi|partagez votre connexion|suivez votre conso] depuis [l'appli|votre espace client] en 3 étapes 👉 {LINK}",
        "[Maintenance prévue|Travaux réseau] [à|autour de] {CITY} [dans la nuit de {DAY}|ce {DAY} entre 2h et 5h] : [coupures possibles|perturbations brèves]. Merci de votre compréhension.",
        "[Voyage à l'étranger ?|Départ en vacances ?] [Pensez à activer|N'oubliez pas] [l'option roaming|le pass Europe] avant de partir 👉 {LINK}",
        "[Comment|Tuto :] [changer votre mot de passe|récupérer votre RIO|installer votre box] [en 2 minutes|pas à pas] 👉 {LINK}",
    ),
    "exclusive": (
        "[En avant-première|Exclusif] : [la 5G arrive à|la fibre débarque à] {CITY} [le mois prochain|dès {DAY}] ! [Nos abonnés seront les premiers servis|Vous êtes les premiers à le savoir] 🚀",
        "[Nouveau|Bientôt] : [notre nouvelle box|l'eSIM en 2 minutes|un forfait famille] [se dévoile|arrive] — [rendez-vous {DAY} pour tout savoir|teaser 👀] #{TAG}",
        "[Réservé à nos abonnés|Pour nos clients uniquement] : [accès anticipé|une offre secrète] [dans l'appli|dans votre espace client] dès ce soir 🤫",
    ),
    "exchange": (
        "[Une question sur votre forfait ?|Besoin d'aide ?] [On répond en direct|Live questions-réponses] [ce soir à 18h|{DAY} à 12h30] ici même 💬",
        "[Dites-nous tout|Votre avis compte] : [que voulez-vous voir dans notre prochaine offre ?|quelle nouveauté attendez-vous ?] [Répondez en commentaire|On lit tout] 👇",
        "[Merci à vous|Un grand merci] pour [vos retours|vos messages] sur [la nouvelle appli|notre dernière offre] — [on vous répond un par un|nos équipes lisent tout] 🙏",
    ),
}
MOTIVATIONS: tuple[str, ...] = ("promotion", "practical", "exclusive", "exchange")
#: Shares echoing the survey: promotions 48%, practical info 27%, exclusive 21%, exchange 16%.
MOTIVATION_WEIGHTS: tuple[float, ...] = (0.48, 0.27, 0.21, 0.16)

#: Audience messages asking a brand for what they follow it for.
AUDIENCE_ASKS: dict[str, tuple[str, ...]] = {
    "promotion": (
        "{B} [un petit code promo|une réduc] pour [les clients fidèles|les anciens abonnés] [svp|stp] ? [On a droit à rien nous|🙏]",
        "[Des promos|Un bon plan] prévu[s] chez {B} pour [le Black Friday|Noël|la rentrée] ? [Je guette|Je suis prêt]",
        "Je vous suis [que|uniquement] pour [les promos|les codes promo] {B}, [balancez|envoyez] 😅",
    ),
    "practical": (
        "{B} comment on [active le partage de connexion|passe en eSIM|configure la messagerie vocale] [svp|stp] ?",
        "[Un tuto|Une astuce] pour [baisser sa conso data|régler la box|transférer ses contacts] avec {B} ? [Merci|Ce serait top]",
    ),
    "exclusive": (
        "{B} [des infos|du nouveau] sur [la 5G à|la fibre à] {CITY} ? [On attend|Toujours rien ?]",
        "[C'est quand|Quand est-ce qu'on a] [la nouvelle box|les nouveaux forfaits] {B} ? [Des infos en avant-première ?|Teasez un peu]",
    ),
    "exchange": (
        "{B} [j'aimerais|ce serait bien de] pouvoir [échanger directement|discuter] avec [vous|une vraie personne] [ici|sur les réseaux] plutôt qu'au téléphone",
        "[Merci|Top] {B} de [répondre|prendre le temps de répondre] [ici|en commentaire], c'est pour ça que je vous suis",
    ),
}

CARE_QUESTIONS: tuple[str, ...] = (
    "{CARE} bonjour, [plus de réseau|pas d'internet|ma box clignote rouge] depuis {DUR} à {CITY}, [vous pouvez regarder ?|que faire ?]",
    "{CARE} [j'ai été prélevé deux fois|ma facture a doublé] ce mois-ci, [c'est normal ?|vous pouvez vérifier ?]",
    "{CARE} [ma SIM n'est toujours pas activée|la portabilité n'a pas marché], [comment on fait ?|aidez-moi svp]",
    "{CARE} [je n'arrive pas à me connecter|mot de passe refusé] sur l'appli, [une idée ?|un souci en ce moment ?]",
    "[Bonjour|Bonsoir] {CARE}, [comment résilier|comment changer de forfait|comment obtenir mon RIO] [sans frais|en ligne] ?",
    "{CARE} [toujours aucune nouvelle|pas de réponse] de mon [ticket|dossier] n°{TICKET}, [vous pouvez relancer ?|ça avance ?]",
    "{CARE} [le technicien n'est pas venu|rdv raté] [ce matin|hier], [on fait comment ?|on recale quand ?]",
)
#: the care questions that report a failure the author suffers: negative by the label
#: guide (rumeur.demo.labels), whatever mood was drawn; the one left asks for information
CARE_FAILURES: frozenset[str] = frozenset(CARE_QUESTIONS[k] for k in (0, 1, 2, 3, 5, 6))
CARE_ANSWERS: tuple[str, ...] = (
    "@{USER} Bonjour, [désolés pour|navrés de] [ce désagrément|cette situation]. [Pouvez-vous|Merci de] nous écrire en message privé avec votre numéro de ligne ? [On regarde ça tout de suite|Nous vérifions au plus vite]. {SIGN}",
    "@{USER} [Bonjour|Bonsoir] ! [Un incident est en cours|Une intervention est prévue] sur votre secteur, [retour à la normale estimé|résolution prévue] [dans la journée|d'ici ce soir]. {SIGN}",
    "@{USER} Bonjour, [nous avons bien reçu votre demande|votre dossier est entre nos mains] : [un conseiller vous rappelle|vous aurez une réponse] [sous 48h|aujourd'hui]. {SIGN}",
    "@{USER} [Hello|Bonjour] ! [Pour résilier|Pour changer d'offre|Pour votre RIO], [rendez-vous dans|tout se passe dans] votre espace client, rubrique [Mon offre|Ma ligne] 👉 {LINK} {SIGN}",
    "@{USER} Bonjour, [le double prélèvement a été corrigé|le remboursement est lancé], [vous le verrez sous 5 jours|il apparaîtra sur votre prochain relevé]. [Encore désolés|Bonne journée] ! {SIGN}",
)
CARE_FOLLOWUPS: dict[str, tuple[str, ...]] = {
    "pos": (
        "[Merci|Super merci|Merci beaucoup] [pour la réponse rapide|c'est réglé|pour le coup de main], [top|nickel|au top] [{SIGN}|] 👍",
        "[Ça remarche|C'est bon ça marche|Tout est rentré dans l'ordre] [depuis {DUR}|ce matin|à l'instant], merci [à vous|pour le suivi|{SIGN}] !",
        "[Réglé|Problème résolu] [en {DUR}|avant même le rappel], [je ne m'y attendais pas|agréable surprise], [merci|bravo] [à l'équipe|au conseiller]",
        "[Bien reçu le MP|J'ai eu le conseiller au téléphone], [tout est OK|la ligne est réactivée] à {CITY}, merci",
    ),
    "neg": (
        "[Toujours rien|Rien n'a bougé] [depuis votre message|malgré le MP]... [sérieux|bravo]",
        "[Réponse automatique|Copier-coller] [encore|comme d'hab], [ça m'aide pas|super utile] 🙄",
        "[{DUR} pour répondre|Enfin une réponse après {DUR}], [trop tard|j'ai déjà résilié]",
    ),
}

#: Replies between users in conversations.
USER_REPLIES: dict[str, tuple[str, ...]] = {
    "pos": (
        "[Bizarre|Étonnant], [moi|perso] [à|vers] {CITY} [ça marche très bien|rien à signaler] [depuis {DUR}|depuis que j'y suis]",
        "[Je confirme|Je valide|+1], [client depuis|chez eux depuis] {N} ans et [jamais déçu|toujours content]",
        "[Pareil|Idem] [chez moi|de mon côté], [jamais eu de souci|aucun problème] avec eux",
        "[Moi aussi|Perso] [je suis content|ça se passe bien] depuis {DUR}",
        "[Tu peux y aller|Fonce], [ma sœur|mon coloc|ma mère] [y est|est chez eux] et [adore|ne regrette pas]",
    ),
    "neg": (
        "[On est|Nous sommes] [au moins|déjà] {N} [dans ce cas|à avoir ce souci] [à|vers] {CITY}, [faudrait porter plainte|il faut que ça bouge]",
        "[Ah bon toi aussi ?|Toi aussi ?] [Moi c'est|Chez moi c'est] [depuis {DUR}|pareil depuis {DUR}], [ils s'en moquent|aucune réponse]",
        "[Pareil|Idem|Même galère] [à|vers] {CITY}, [c'est de pire en pire|ils s'en fichent]",
        "[Fuis|Barre-toi] [tant que tu peux|vite], [j'ai eu la même|même histoire chez moi] 😤",
        "[Courage|Bon courage], [ça m'a pris|il m'a fallu] {DUR} pour [obtenir un remboursement|avoir une réponse]",
    ),
    "neu": (
        "[Ça m'intéresse aussi|Même question], [je suis à|j'habite] {CITY} et [j'hésite encore|je compare]",
        "[Tu as la réponse ?|Des nouvelles ?] [J'ai le même souci depuis {DUR}|Je suis dans le même cas]",
        "[Essaie|Tu as essayé] de [redémarrer en mode avion|changer de SIM|passer par le chat] ?",
        "[Ça dépend des quartiers|Ça dépend vraiment du coin] [je pense|à mon avis]",
        "[Tu as testé|Regarde] la carte de couverture sur leur site ?",
        "[Le chat en ligne|Le formulaire] [marche mieux|répond plus vite] que la hotline [en général|d'après moi]",
    ),
}

#: "cerise" as the fruit or an idiom: each contains an exclusion phrase.
NON_BRAND: tuple[str, ...] = (
    "[Clafoutis|Gâteau du dimanche] : [et|bon,] la cerise sur le gâteau, [il a brûlé|j'ai oublié le sucre] 😂",
    "Tarte à la cerise [maison|de mamie] [ce soir|pour le goûter], [rien de mieux|le bonheur] 🍒",
    "[Recette|Ma recette] de clafoutis à la cerise [en 10 min|facile], [parfait pour l'été|testée et approuvée] 🍒",
    "[Confiture de cerise|Pot de confiture de cerise] [faite maison|de ma voisine] [à|de] {CITY}, [une tuerie|trop bonne]",
    "[Et|Alors] cerise sur le gâteau : [il pleut|le train est annulé|plus de batterie] [en plus|aussi] 🙃",
    "[Salade|Apéro] avec des tomates cerise du jardin, [l'été quoi|trop bon] ☀️",
    "[Vernis|Rouge à lèvres] rouge cerise [pour la soirée|ce soir], [validé|j'adore] 💅",
    "[On a chanté|Concert :] Le Temps des cerises [au repas de famille|à la fête du village], [émotion|magique]",
    "[Glace à la cerise|Yaourt à la cerise] [en terrasse|au goûter] [à|vers] {CITY}, [la vie est belle|parfait]",
    "[Craché|Avalé] un noyau de cerise [par erreur|sans faire exprès], [la honte|mdr]",
    "[Un|Le] jus de cerise [bien frais|glacé] [après le sport|au marché de {CITY}], [top|un délice]",
    "[Bûche|Forêt-noire] avec cerise confite [pour Noël|en dessert], cerise sur le gâteau [au sens propre|littéralement] 🎂",
)

#: the neutral replies that report the same failure as the post they answer ("j'ai le
#: même souci"): negative by the label guide (rumeur.demo.labels)
REPLY_FAILURES: frozenset[str] = frozenset(USER_REPLIES["neu"][1:2])
