"""Phrase banks of the scripted events: outage, fake praise, spam, intrusive ads, news.

See :mod:`rumeur.demo.phrases` for the template syntax.
"""

# Phrase banks are data: one template per line reads better than wrapped strings.
# ruff: noqa: E501

from __future__ import annotations

OUTAGE_TAG = "VoltaEnPanne"
OUTAGE_KEYWORDS: tuple[str, ...] = (
    "panne",
    "réseau",
    "coupure",
    "plus de réseau",
    "aucun réseau",
    "SOS uniquement",
    "appels d'urgence",
    "4G",
    "box",
    "incident",
    "dédommagement",
    "#VoltaEnPanne",
)
#: First posts, before anyone names it: puzzled users.
OUTAGE_QUESTION = "[La panne|Le souci réseau] {B} [vous êtes touchés à|ça revient à|c'est réglé à] {CITY} [?|de votre côté ?]"
OUTAGE_FIRST: tuple[str, ...] = (
    "[Plus de réseau|Aucun réseau] [depuis ce matin|depuis 1h] avec {B}, [c'est que moi ?|vous aussi ?] 📵",
    '[Mon tel affiche|Le téléphone affiche] "SOS uniquement" [à|en plein] {CITY}... {B} [panne ?|un souci ?]',
    "[Ni internet ni appels|Plus rien ne passe] [sur mon mobile|sur la box] {B}, [redémarré 3 fois|mode avion testé], [rien|nada]",
)
OUTAGE_NEG: tuple[str, ...] = (
    "[Toujours|Encore] aucun réseau [à|vers] {CITY} [depuis {H}h|depuis ce matin], [bravo|merci] {B} #{TAG}",
    "#{TAG} [{H}h|{H} heures] sans [téléphone|réseau|internet], [je bosse comment ?|mon télétravail à la poubelle] {E}",
    "[Impossible d'appeler|Même pas possible de joindre] [les urgences|le 15|ma mère] [avec|chez] {B}, [c'est grave là|c'est dangereux] #{TAG}",
    "[Panne géante|Panne nationale] chez {B} et [pas un mot|aucune info|un tweet en 12h], [la com de crise|on est où là] 🤡 #{TAG}",
    "[La panne|Cette coupure] {B} [m'a fait rater|m'a coûté] [un entretien d'embauche|une livraison|un rdv médical], [je veux un dédommagement|qui paie ?] #{TAG}",
    "[Coupure|Panne] réseau {B} : [la box aussi est morte|même la box fibre est tombée], [super le pack|génial le tout-en-un] #{TAG}",
    "[4G|Réseau|Data] [HS|morte|en rade] [partout en France|dans tout le pays] chez {B}, [dédommagement SVP|on veut un geste commercial] #{TAG}",
    "#{TAG} [jour 2|J+1] : [toujours|encore] [des coupures|pas de 4G] [à|autour de] {CITY}, [bravo|merci pour rien] {B}",
    "[Je résilie|Je me casse] [après cette panne|dès que le réseau revient], {B} [vous avez perdu un client|c'est fini] #{TAG}",
)
OUTAGE_JOKES: tuple[str, ...] = (
    "[Première fois|Ça fait du bien] que je parle à ma famille [en vrai|à table] [grâce à|merci] la panne {B} mdr #{TAG}",
    "[Les clients|Nous les abonnés] {B} aujourd'hui : [envoyer des pigeons voyageurs|chercher une cabine téléphonique] ptdr #{TAG}",
)
OUTAGE_INFLUENCER: str = (
    "🚨 [Énorme|Gigantesque] panne chez {B} : [des millions d'abonnés|tout le pays] sans réseau "
    "[ni|et sans] appels d'urgence [depuis ce matin|depuis des heures]. [Et pas un mot de leur part|"
    "Silence total côté opérateur]. RT si vous êtes touchés 👇 #{TAG}"
)
OUTAGE_BRAND: tuple[str, ...] = (
    "[Un incident technique|Un incident réseau] [perturbe|affecte] actuellement nos services mobiles et fixes. "
    "[Nos équipes sont mobilisées|Nos techniciens sont sur le pont] pour un rétablissement au plus vite. "
    "[Toutes nos excuses|Nous sommes désolés]. #{TAG}",
    "[Point d'étape|Mise à jour] : [le service est rétabli progressivement|le réseau revient région par région]. "
    "Un geste commercial sera proposé à tous les abonnés concernés.",
)
OUTAGE_NEWS: tuple[str, ...] = (
    "[Panne géante|Panne nationale] chez Volta Mobile : [des millions d'abonnés|les clients] privés de réseau [pendant des heures|depuis ce matin]",
    "Volta Mobile : [ce que l'on sait de|les causes de] la panne [qui a paralysé|ayant touché] [le réseau|le pays]",
    "Panne Volta Mobile : [comment obtenir un dédommagement|vos droits après la coupure]",
)

FAKE_TAG = "ToujoursPlusNexa"
#: The fake-praise skeleton: every slot has a few swaps, so posts are near-duplicates.
FAKE_SKELETON: tuple[tuple[str, ...], ...] = (
    ("Franchement", "Honnêtement", "Sincèrement", "Vraiment"),
    ("le meilleur opérateur", "le top des opérateurs", "l'opérateur numéro 1"),
    ("c'est @nexatelecom !", "c'est Nexa Télécom !", "c'est @nexatelecom !!"),
    ("Réseau", "Couverture", "Connexion"),
    ("au top,", "parfait,", "impeccable,", "incroyable,"),
    ("service client", "SAV", "conseillers"),
    ("génial", "adorable", "super réactif", "au top"),
    ("et prix imbattable.", "et tarifs imbattables.", "et prix canon."),
    (
        "Je recommande à 100%",
        "Foncez les yeux fermés",
        "Je recommande vivement",
        "Meilleur choix de ma vie",
    ),
    ("😍", "👍", "🙌", "😍😍", "💯", "🔥"),
)
FAKE_NAMES: tuple[str, ...] = (
    "julie",
    "lea",
    "manon",
    "camille",
    "sarah",
    "emma",
    "chloe",
    "ines",
    "lucas",
    "hugo",
    "theo",
    "nathan",
    "louis",
    "enzo",
    "mathis",
    "tom",
    "clara",
    "jade",
    "lina",
    "noah",
)

SPAM_REPLIES: tuple[str, ...] = (
    "Marre de votre opérateur ? 🍒 Passez chez Cerise : [-50%|3 mois offerts] sur le forfait {GB} Go avec le code {CODE} 👉 {LINK}",
    "🍒 [Psst|Hey] ! Chez Cerise [c'est {PRICE}/mois|la 5G est incluse] et sans engagement. [Offre limitée|Foncez] 👉 {LINK}",
    "[Vous méritez mieux|Et si vous changiez ?] 🍒 Cerise [vous offre|offre] [la portabilité gratuite|un mois offert]. Code {CODE} 👉 {LINK}",
    "🍒 Cerise [pense à vous|est là pour vous] ! [Profitez de|Découvrez] notre offre [flash|du jour] : {GB} Go à {PRICE} 👉 {LINK} #CeriseMobile",
)
SPAM_POSTS: tuple[str, ...] = (
    "🍒 [OFFRE FLASH|DERNIÈRES HEURES|VENTE PRIVÉE] : {GB} Go à {PRICE} [seulement|!!] Code {CODE} 👉 {LINK} #CeriseMobile",
    "🍒 [Encore|Toujours] [plus de data|moins cher] : [découvrez|profitez de] [nos offres|notre forfait] {GB} Go 👉 {LINK}",
    "🍒 [Vous n'êtes pas encore chez Cerise ?|Rejoignez la famille Cerise !] [{PRICE}/mois|La 5G pour tous] 👉 {LINK} #CeriseMobile #bonplan",
    "🍒 [Rappel|N'oubliez pas] : [l'offre|le code] {CODE} [expire bientôt|c'est maintenant] ! 👉 {LINK}",
)
SPAM_COMPLAINTS: tuple[str, ...] = (
    "@cerise_mobile [arrêtez de spammer|stop au spam] [sous mes posts|en réponse à tout le monde], [c'est pénible|ça donne pas envie]",
    "[Dix|Quinze] pubs Cerise [dans mon fil|sur mon mur] [aujourd'hui|ce matin], [ils spamment comme jamais|c'est du harcèlement] 🙄",
    "Même [sous un post sur mon chat|sous un avis de décès] Cerise vient coller sa pub, [aucune limite|indécent]",
)

#: Complaints about intrusive ads and data use (red lines of the public).
ADS_COMPLAINTS: tuple[str, ...] = (
    "[Encore|Troisième] SMS [publicitaire|de pub] de {B} [aujourd'hui|cette semaine] alors que j'ai [refusé|dit non] à la prospection, [stop|harcèlement]",
    "{B} [m'appelle|me démarche] [tous les jours|deux fois par jour] [pour me vendre|pour] [la fibre|une option], [appels commerciaux|démarchage] [à 20h|au boulot], [lâchez-moi|ça suffit]",
    "[Comment|Pourquoi] [une marque partenaire|une assurance] [a eu|connaît] mon numéro [donné à|que j'ai donné qu'à] {B} ? [Revente de données ?|Exploitation de mes données ?]",
    "[La newsletter|Les mails promo] {B} [tous les jours|3 fois par jour], [désinscrit {N} fois|lien de désinscription qui marche pas], [harcèlement|spam]",
    "[Pub ciblée|Publicité ciblée] {B} [sur ma géoloc|d'après mes appels] [juste après|pile après] [un appel au SAV|être passé en boutique], [flippant|intrusion dans la vie privée]",
    "[Des pop-ups|Une pub] {B} [en plein milieu|dans l'appli] [toutes les 2 minutes|à chaque ouverture], [insupportable|publicité non sollicitée]",
    "{B} [utilise|exploite] [mes données de navigation|mes données de conso] [à des fins commerciales|pour me cibler] sans [mon accord|consentement clair], [CNIL ?|plainte]",
    "[Bannière cookies|Les cookies] {B} [impossible à refuser|tout pré-coché], [plus de 100 partenaires|revente à gogo], [bravo le RGPD|merci la vie privée]",
    "{B} [a écrit|envoie des messages] [sur mon mur|en MP] pour me proposer [une offre|un forfait] [alors que je ne suis pas client|sans que je demande rien], [intrusif|gênant]",
)
ADS_CAUSE = (
    "Plaintes contre la publicité intrusive et l'usage des données : SMS et appels commerciaux "
    "non sollicités, newsletters harcelantes, revente de données, ciblage, cookies"
)
NEWS_LEAD = (
    "[Selon nos informations|D'après le communiqué|D'après nos sources|Contacté par nos soins], "
    "l'opérateur [confirme|précise|nuance] [l'information|ces chiffres|ce point] [ce {DAY}|cette semaine|depuis {CITY}]. "
    "[Les abonnés|Les associations de consommateurs|Les concurrents|Les analystes] [restent prudents|attendent de voir|"
    "saluent l'annonce|dénoncent un effet d'annonce] ({N}e [article|volet] de notre [dossier|série] [télécoms|conso])."
)
ADS_KEYWORDS: tuple[str, ...] = (
    "SMS",
    "pub",
    "publicité",
    "appels commerciaux",
    "newsletter",
    "cookies",
    "données",
    "revente",
    "ciblée",
    "démarchage",
    "prospection",
    "intrusion",
    "harcèlement",
)

NEWS_TITLES: tuple[str, ...] = (
    "{B} [annonce|lance] [une nouvelle offre fibre|un forfait 5G à {PRICE}|l'eSIM pour tous]",
    "[Classement|Baromètre] des opérateurs : {B} [progresse|recule] sur [la qualité de service|la couverture]",
    "{B} [déploie|accélère] la 5G [à|dans la région de] {CITY}",
    "[Hausse des prix|Tarifs] : {B} [revoit|augmente] ses forfaits [à la rentrée|en novembre]",
    "Service client : {B} [épinglé|salué] par [une association de consommateurs|un classement annuel]",
)
REVIEW_TITLES: dict[str, tuple[str, ...]] = {
    "pos": (
        "Très satisfait",
        "Rien à redire",
        "Excellent opérateur",
        "Je recommande",
        "Bon rapport qualité-prix",
        "Service client au top",
        "Enfin un bon opérateur",
        "Top",
    ),
    "neg": (
        "À fuir",
        "Déçu",
        "Service client inexistant",
        "Arnaque",
        "Réseau catastrophique",
        "Très mauvaise expérience",
        "Facturation abusive",
        "Plus jamais",
    ),
    "neu": (
        "Correct sans plus",
        "Moyen",
        "Peut mieux faire",
        "Avis mitigé",
        "Bof",
        "Ça dépend des jours",
        "Ni bien ni mal",
    ),
}
