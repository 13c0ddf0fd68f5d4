"""French phrase banks for ordinary mentions, by aspect and sentiment.

Templates use ``[a|b|c]`` for a random alternative (innermost first, so they nest) and
``{SLOT}`` for fillers drawn by :mod:`rumeur.demo.compose`: ``{B}`` the brand as people
name it, ``{CARE}`` its care handle, ``{CITY}``, ``{PRICE}``, ``{OLD}``/``{NEW}`` prices,
``{DUR}`` a duration, ``{SPEED}``, ``{GB}``, ``{DEV}`` a device, ``{DAY}`` a weekday,
``{N}`` a small number, ``{OTHER}`` another operator (or a generic one),
``{OTHERB}`` another of the three brands.
"""

# Phrase banks are data: one template per line reads better than wrapped strings.
# ruff: noqa: E501

from __future__ import annotations

ASPECTS: tuple[str, ...] = (
    "reseau",
    "debit",
    "prix",
    "service",
    "livraison",
    "appli",
    "facturation",
    "donnees",
    "pub",
    "cgv",
)
#: How often each aspect is the subject of an ordinary mention.
ASPECT_WEIGHTS: tuple[float, ...] = (0.17, 0.15, 0.17, 0.14, 0.07, 0.08, 0.09, 0.04, 0.04, 0.05)

BANK: dict[str, dict[str, tuple[str, ...]]] = {
    "reseau": {
        "pos": (
            "[Le réseau|La couverture|Le réseau mobile] {B} est [nickel|impeccable|au top|vraiment solide] [à|sur|du côté de] {CITY}",
            "[Enfin|Pour une fois] du réseau [dans le métro|au fond de la campagne|dans mon village|jusque dans la cave] avec {B}",
            "Zéro coupure depuis {DUR} chez {B}, [je touche du bois|ça fait plaisir|on n'en demande pas plus]",
            "[Parti en vacances|En rando|En week-end] [dans le Cantal|en Lozère|dans les Alpes|en Bretagne] et {B} captait partout, [respect|chapeau|bluffant]",
            "Franchement la couverture {B} [s'est bien améliorée|a fait un bond] [à|vers] {CITY} [depuis cet été|ces derniers mois]",
            "[Des barres de réseau partout|Toujours 4 barres] [même en TGV|même sur l'autoroute|même à la montagne], merci {B}",
        ),
        "neg": (
            "[Aucun|Zéro|Pas de] réseau [chez moi|à la maison|au boulot|dans tout le quartier] à {CITY} [avec|chez] {B} [depuis {DUR}|encore une fois|comme d'hab]",
            "[Ça coupe|Les appels coupent|Ça capte pas] [toutes les deux minutes|en plein appel|dès que je bouge] avec {B}, [c'est insupportable|j'en peux plus|sérieux]",
            "{B} [et sa couverture|et son réseau] [fantôme|en carton|digne des années 2000] [à|dans le centre de] {CITY}",
            "Obligé de [sortir sur le balcon|monter au grenier|coller mon tel à la fenêtre] pour [téléphoner|avoir une barre] avec {B}",
            "[Le réseau|La couverture] {B} [en zone rurale|à la campagne|hors des grandes villes] c'est [une blague|le désert|mort]",
            "Encore [une zone blanche|un trou de réseau] [sur la route de|en sortant de] {CITY}, {B} [vous comptez faire quelque chose ?|c'est pour quand ?]",
        ),
        "neu": (
            "Quelqu'un [sait si|peut me dire si] {B} capte bien [à|vers] {CITY} ? [J'hésite à prendre chez eux|Je déménage bientôt]",
            "[Test de couverture|Comparatif réseau] [à|autour de] {CITY} : {B} [vs|contre] {OTHER}, [résultats demain|je posterai les chiffres]",
            "[Il paraît que|On m'a dit que] {B} [installe|va installer] [une nouvelle antenne|des antennes] [près de|vers] {CITY}",
            "Vous avez quoi comme réseau [à|vers] {CITY} avec {B} ? [Chez moi ça varie|Moi ça dépend des jours]",
            "[La carte de couverture|La carte réseau] de {B} [a été mise à jour|indique du 4G] [pour|à] {CITY}, à vérifier sur place",
        ),
    },
    "debit": {
        "pos": (
            "[La fibre|La 5G|La 4G] {B} [envoie du lourd|dépote|c'est le jour et la nuit] : {SPEED} [en pointe|ce soir|au speedtest]",
            "[Installé la fibre|Passé à la 5G] chez {B} [la semaine dernière|ce mois-ci], {SPEED} [sans broncher|stable], [trop content|que du bonheur]",
            "[Streaming en 4K|Les jeux en ligne|Le télétravail] sans [aucun lag|une seule coupure] grâce à [la box|la fibre] {B}",
            "{SPEED} en [5G|4G+] [à|en plein centre de] {CITY} avec {B}, [qui dit mieux ?|pas mal du tout]",
            "Débit [nickel|stable|au rendez-vous] [même le soir|même aux heures de pointe] chez {B}, [rien à redire|bravo]",
        ),
        "neg": (
            "[La fibre|La box|Internet] {B} [rame|plante|décroche] [tous les soirs|depuis {DUR}|à chaque match], {SPEED} [au lieu du giga promis|pour un abonnement fibre]",
            "{SPEED} [en 5G|en 4G|sur la fibre] [à|au centre de] {CITY} avec {B}... [la blague|on se moque de qui ?|sérieusement ?]",
            "[La 5G|La 4G+] {B} [n'existe que sur la pub|c'est du marketing], [en vrai|dans la vraie vie] je suis en [3G|Edge|H+]",
            "[Impossible de|Je peux même pas] [regarder une vidéo|faire une visio|envoyer un mail] [le soir|en heure de pointe] avec [la box|la fibre] {B}",
            "[Box|Fibre] {B} [encore en rade|qui redémarre toute seule|en panne] [pour la {N}e fois|encore] [ce mois-ci|cette semaine]",
        ),
        "neu": (
            "[Quelqu'un a la fibre|Vous avez la 5G] {B} [à|vers] {CITY} ? [Ça donne quoi en vrai ?|Quel débit ?]",
            "Speedtest {B} [ce matin|ce soir] : {SPEED} [en descendant|en réception], [je sais pas si c'est normal|c'est dans la moyenne ?]",
            "[Le raccordement fibre|L'éligibilité fibre] {B} [à|pour] {CITY}, [c'est prévu quand ?|quelqu'un a des infos ?]",
            "[La 5G|La fibre] de {B} arrive [à|sur] {CITY} [en décembre|d'ici la fin de l'année|le mois prochain] [d'après la mairie|selon le journal local]",
        ),
    },
    "prix": {
        "pos": (
            "{GB} Go pour {PRICE} chez {B}, [imbattable|difficile de faire mieux|rapport qualité-prix au top]",
            "[Passé|Changé] de {OTHER} à {B} : [je paie|je paye] {OLD} au lieu de {NEW}, [même réseau|et mieux en plus]",
            "Le forfait {B} à {PRICE} [sans engagement|à vie|sans hausse] [c'est cadeau|franchement honnête|ça se refuse pas]",
            "[Bon plan|Promo] {B} [ce mois-ci|en ce moment] : {GB} Go à {PRICE}, [j'ai sauté dessus|foncez]",
            "[Les tarifs|Les prix] {B} [restent corrects|sont clairs] et [pas de frais cachés|aucune surprise] [sur la facture|à la fin du mois]",
        ),
        "neg": (
            "{B} [augmente|a augmenté] mon forfait de {OLD} à {NEW} [sans prévenir|en douce|par un petit mail], [merci pour la fidélité|c'est du vol]",
            "[Le prix|Le tarif] {B} [a doublé|explose] [après la première année|au bout de 12 mois], [promo d'appel|piège classique]",
            "{NEW} [par mois|/mois] pour [un réseau pareil|ce service|ce débit], [faut pas abuser|non merci] {B}",
            "[Des frais de|Frais de] [résiliation|mise en service|dossier] [à|de] {PRICE} chez {B}, [c'est une blague ?|scandaleux]",
            "[Les nouveaux clients ont|Les nouveaux abonnés ont] {GB} Go à {PRICE} et moi [client depuis|fidèle depuis] {N} ans je paie {NEW}, {B} [merci hein|top la fidélité]",
        ),
        "neu": (
            "[Comparatif|Comparaison] forfaits {GB} Go : {B} {PRICE}, {OTHER} {OLD}. [Vous prendriez quoi ?|Des avis ?]",
            "Le forfait {GB} Go de {B} est [à|passé à] {PRICE} [depuis|à partir du] [lundi|1er du mois]",
            "[Quelqu'un sait|Vous savez] si {B} fait [encore|toujours] [l'offre|la promo] à {PRICE} ?",
            "[Je calcule|J'ai fait le calcul] : {B} me revient à {PRICE} [par mois|/mois] [avec la box|tout compris]",
        ),
    },
    "service": {
        "pos": (
            "[Service client|SAV|Conseiller] {B} [au top|génial|super réactif] : [problème réglé|souci résolu] en {DUR}, [merci|bravo] {CARE}",
            "[Super|Très bon] accueil [en boutique|au téléphone|par chat] chez {B} [à|de] {CITY}, [conseillère|conseiller] [patient|adorable|vraiment compétent]",
            "{CARE} m'a [répondu|rappelé] en [quelques minutes|moins d'une heure] [un dimanche|à 22h], [chapeau|respect|rare]",
            "[Pour une fois|Enfin] un [opérateur|service client] qui [écoute|comprend le problème du premier coup], merci {B}",
            "[Geste commercial|Remboursement] [obtenu|reçu] [sans discuter|rapidement] chez {B} après [la panne|le bug de facture], [appréciable|classe]",
        ),
        "neg": (
            "{N} [appels|heures d'attente|relances] au service client {B} et [toujours rien|personne ne sait|aucune solution]",
            "[Le SAV|Le service client] {B} c'est [un mur|le néant|des bots], [impossible|pas moyen] de parler à un humain",
            "[On m'a raccroché au nez|On m'a baladé de service en service] [trois fois|encore] chez {B}, [honteux|lamentable]",
            "{CARE} [vous répondez quand ?|ça fait {DUR} que j'attends une réponse|toujours pas de retour à mon message]",
            "[Ticket|Réclamation] [ouvert|envoyée] [il y a|depuis] {DUR} chez {B}, [réponse automatique|silence radio] [et c'est tout|rien de plus]",
            "[Conseiller|La hotline] {B} [incompétent|à côté de la plaque] : [on me dit de redémarrer la box|on me demande de patienter], [pour la {N}e fois|encore]",
        ),
        "neu": (
            "[Comment on contacte|Comment joindre] le service client {B} [le week-end|en dehors des heures de bureau] ?",
            "{CARE} [bonjour, j'ai envoyé un message privé|je vous ai écrit en MP] [pour un souci de ligne|concernant ma facture]",
            "[La boutique|L'agence] {B} de {CITY} [ferme à quelle heure|est ouverte le {DAY}] ?",
            "[Rdv pris|Rendez-vous] [en boutique|avec un technicien] {B} [{DAY}|la semaine prochaine], on verra bien",
        ),
    },
    "livraison": {
        "pos": (
            "[Carte SIM|Box|Nouvelle box] {B} reçue en [24h|48h|deux jours], [installée en 10 min|branchée et ça marche], [nickel|parfait]",
            "[eSIM|Portabilité] chez {B} [activée|faite] en {DUR}, [rien à faire|zéro galère], [top|parfait]",
            "[Le technicien|L'installateur] {B} [était à l'heure|est passé pile à l'heure] et [super pro|très sympa], [bravo|merci]",
        ),
        "neg": (
            "[Ma carte SIM|Ma box|Le colis] {B} [toujours pas reçu|perdu|introuvable] [après|depuis] {DUR}, [suivi bloqué|personne ne sait où elle est]",
            "[Technicien|Installateur] {B} [jamais venu|absent au rendez-vous], [journée de congé posée pour rien|{N}e rendez-vous manqué]",
            "[La portabilité|Le transfert de numéro] chez {B} [a foiré|a échoué], [plus de ligne|sans numéro] depuis {DUR}",
            "Box {B} [livrée|reçue] [cassée|sans le câble|avec le mauvais bloc d'alim], [génial|super]",
        ),
        "neu": (
            "[Commande de box|Ma SIM] {B} [passée|expédiée] [hier|lundi], [livraison prévue|arrivée estimée] {DAY}",
            "[Combien de temps|Ça prend combien de temps] pour recevoir [la SIM|la box] {B} [en général|d'habitude] ?",
            "[Le suivi|Le colis] {B} indique [en cours d'acheminement|déposé en point relais], je verrai {DAY}",
        ),
    },
    "appli": {
        "pos": (
            "[L'appli|L'application|L'espace client] {B} est [super claire|vraiment bien faite|fluide], [tout se gère en deux clics|enfin]",
            "[Nouvelle version|La mise à jour] de l'appli {B} [au top|très réussie], [le suivi conso|le suivi de la data] [est clair|est nickel]",
            "[Changé|Modifié] mon forfait [depuis l'appli|en ligne] {B} en [30 secondes|deux minutes], [pratique|simple]",
        ),
        "neg": (
            "[L'appli|L'espace client|Le site] {B} [plante|bug|crashe] [à chaque connexion|depuis la mise à jour|encore], [impossible de voir ma conso|je peux rien faire]",
            "[Mot de passe|Identifiant] {B} [réinitialisé|changé] {N} fois, [toujours bloqué|le site veut rien savoir], [au secours|ras le bol]",
            "[Le site|L'appli] {B} [en maintenance|inaccessible] [pour la {N}e fois|encore] [cette semaine|ce mois-ci], [sérieux ?|bravo]",
            "[L'appli|L'app] {B} [me demande|exige] [ma localisation|l'accès aux contacts] [pour afficher une facture|pour rien], [non merci|bizarre]",
        ),
        "neu": (
            "[Où on trouve|Comment on télécharge] [la facture|le RIO] dans l'appli {B} ?",
            "[Mise à jour|Nouvelle version] de l'appli {B} [disponible|sortie] [aujourd'hui|ce matin], [des retours ?|quelqu'un a testé ?]",
            "[Il y a|Y a] un mode sombre dans l'appli {B} [ou pas|maintenant] ?",
        ),
    },
    "facturation": {
        "pos": (
            "[Facture|Remboursement] {B} [corrigée|régularisée] [rapidement|en {DUR}] après mon appel, [merci|bien joué]",
            "[Factures|Relevés] {B} [clairs|lisibles], [aucune ligne bizarre|rien de caché], ça change",
        ),
        "neg": (
            "[Facturé|Prélevé] [deux fois|en double] par {B} [ce mois-ci|en {MONTH}], [toujours pas remboursé|et on me dit d'attendre]",
            "[Des options|Un service] que j'ai jamais [demandés|demandé] [sur ma facture|facturés] {B}, {PRICE} [par mois|/mois] [en douce|sans accord]",
            "[Hors forfait|Roaming] {B} de {PRICE} [après un week-end|en rentrant] [à l'étranger|en Suisse|en Espagne], [c'est quoi ce délire|personne ne prévient]",
            "[Résilié|Parti] [depuis|il y a] {DUR} et {B} [continue de prélever|me prélève encore], [au secours|je fais quoi ?]",
        ),
        "neu": (
            "[La facture|Le prélèvement] {B} [tombe|passe] [quel jour|à quelle date] [en général|chaque mois] ?",
            "[Question|Petite question] : la facture {B} de {MONTH} [inclut|compte] [la box|les options] ou pas ?",
            "[J'ai reçu|Reçu] [ma facture|mon relevé] {B} de {PRICE}, [faut que je vérifie le détail|je regarde ça ce soir]",
        ),
    },
    "donnees": {
        "pos": (
            "{B} [explique clairement|détaille] [ce qu'ils font de nos données|leur politique de confidentialité], [c'est rare|respect]",
            "[Réglages de confidentialité|Les options cookies] {B} [simples|clairs] : [tout refusé en un clic|refus facile], [bien|enfin]",
        ),
        "neg": (
            "[Pourquoi|Comment] {B} [a mon adresse perso|sait où j'habite|connaît mon employeur] ? [Je leur ai jamais donné|Bizarre]",
            "[Mes données|Mes infos] {B} [revendues|partagées] [à des partenaires|à des pubeux] ? [C'est quoi ce délire|Charmant]",
            "[La bannière cookies|Le pavé cookies] {B} [impossible à refuser|avec 200 partenaires], [RGPD ?|on est où là]",
        ),
        "neu": (
            "[Comment|Où] [demander la suppression|exercer mon droit d'accès] [de mes données|RGPD] chez {B} ?",
            "{B} met à jour sa politique de confidentialité [au {N} du mois|le mois prochain], [à lire|j'ai pas tout lu]",
        ),
    },
    "pub": {
        "pos": (
            "[La pub|Le spot] {B} [avec le chien|dans le train|à la télé] [est trop drôle|me fait rire à chaque fois], [bien vu|bravo]",
            "{B} [envoie|a envoyé] [pour une fois|enfin] une offre [utile|pertinente] et [pas dix SMS|une seule fois], [ça change|respect]",
        ),
        "neg": (
            "[Encore|Toujours] [une pub|un SMS promo] {B} [ce matin|à 8h|à 22h], [stop|j'ai rien demandé]",
            "{B} [m'envoie|envoie] [des SMS|des mails] [de pub|promo] [tous les jours|trois fois par semaine], [lâchez-moi|ça suffit]",
        ),
        "neu": (
            "[Nouvelle campagne|Nouveau spot] {B} [à la télé|dans le métro] [ce mois-ci|depuis lundi], [vous l'avez vue ?|avis ?]",
            "[Affiche|Pub] {B} [partout|géante] [à|dans la gare de] {CITY}, [ils mettent le paquet|gros budget]",
        ),
    },
    "cgv": {
        "pos": (
            "[Les CGV|Les conditions] {B} [sont enfin lisibles|tiennent en deux pages], [bien joué|merci]",
            "[Résiliation|Changement d'offre] chez {B} [en ligne en deux clics|sans frais], [comme dans les CGV|conformément aux CGU], [honnête|clean]",
        ),
        "neg": (
            "[En lisant|J'ai relu] [les CGV|les conditions générales] {B} : [hausse possible à tout moment|engagement caché de 24 mois|frais de résiliation planqués], [super|génial]",
            "[Les CGU|Les CGV] de {B} [changent|ont changé] [encore|en douce] et [personne n'a été prévenu|aucun mail reçu]",
            "[Mentions légales|Politique de confidentialité] {B} [introuvables|pas à jour depuis 2019] sur le site, [sérieux ?|pas rassurant]",
        ),
        "neu": (
            "[Où trouver|Quelqu'un a le lien des] [CGV|conditions générales] {B} [à jour|de cette année] ?",
            "{B} [modifie|publie] ses [CGV|CGU] au [1er|15] du mois, [à vérifier|je regarderai les changements]",
        ),
    },
}
