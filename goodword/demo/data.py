"""Vocabulary of the demo network: real cities, professions with their topics, "Ich suche" texts
and the building blocks of recommendation texts. Pure data, used by `goodword.demo`.

Recommendation templates use placeholders that are filled in *after* Markdown rendering (so that
a few thousand rendered fragments serve 100,000 members): ``{name}`` (the recommended member's
first name), ``{topic}``/``{topic2}`` (topics of the recommendation) and ``{year}``. Gendered words
are chosen before rendering: ``{er}`` (sie/er), ``{ihm}`` (ihr/ihm), ``{sein}`` (ihr/sein),
``{seine}`` (ihre/seine), ``{seinen}`` (ihren/seinen), ``{Er}`` (Sie/Er).
"""

# (city, country, weight ~ population in 100,000s)
CITIES: list[tuple[str, str, float]] = [
    ("Berlin", "DE", 36),
    ("Hamburg", "DE", 18),
    ("München", "DE", 15),
    ("Köln", "DE", 11),
    ("Frankfurt am Main", "DE", 7.5),
    ("Stuttgart", "DE", 6.3),
    ("Düsseldorf", "DE", 6.2),
    ("Leipzig", "DE", 6),
    ("Dortmund", "DE", 5.9),
    ("Essen", "DE", 5.8),
    ("Bremen", "DE", 5.6),
    ("Dresden", "DE", 5.5),
    ("Hannover", "DE", 5.3),
    ("Nürnberg", "DE", 5.1),
    ("Duisburg", "DE", 4.9),
    ("Bochum", "DE", 3.6),
    ("Wuppertal", "DE", 3.5),
    ("Bielefeld", "DE", 3.3),
    ("Bonn", "DE", 3.3),
    ("Münster", "DE", 3.1),
    ("Mannheim", "DE", 3.1),
    ("Karlsruhe", "DE", 3),
    ("Augsburg", "DE", 2.9),
    ("Wiesbaden", "DE", 2.8),
    ("Kiel", "DE", 2.4),
    ("Freiburg im Breisgau", "DE", 2.3),
    ("Mainz", "DE", 2.2),
    ("Rostock", "DE", 2.1),
    ("Erfurt", "DE", 2.1),
    ("Lübeck", "DE", 2.2),
    ("Potsdam", "DE", 1.8),
    ("Heidelberg", "DE", 1.6),
    ("Regensburg", "DE", 1.5),
    ("Göttingen", "DE", 1.2),
    ("Tübingen", "DE", 0.9),
    ("Jena", "DE", 1.1),
    ("Wien", "AT", 19),
    ("Graz", "AT", 2.9),
    ("Linz", "AT", 2),
    ("Salzburg", "AT", 1.5),
    ("Innsbruck", "AT", 1.3),
    ("Klagenfurt", "AT", 1),
    ("Zürich", "CH", 4.2),
    ("Genf", "CH", 2),
    ("Basel", "CH", 1.8),
    ("Bern", "CH", 1.4),
    ("Winterthur", "CH", 1.2),
    ("Luzern", "CH", 0.8),
    ("St. Gallen", "CH", 0.8),
]

# (female form, male form, relative frequency, topics, "Ich suche" texts, runs a business)
PROFESSIONS: list[tuple[str, str, float, list[str], list[str], bool]] = [
    (
        "Steuerberaterin",
        "Steuerberater",
        5,
        [
            "Steuererklärung",
            "Buchhaltung",
            "Existenzgründung",
            "Jahresabschluss",
            "Umsatzsteuer",
            "Lohnabrechnung",
            "Erbschaftsteuer",
            "Steuern für Freiberufler",
        ],
        [
            "Eine Webentwicklerin, die unsere Kanzlei-Website barrierefrei macht.",
            "Jemanden, der mir bei der Umstellung auf digitale Belege hilft.",
            "Eine Fotografin für neue Teamfotos der Kanzlei.",
        ],
        True,
    ),
    (
        "Webentwicklerin",
        "Webentwickler",
        7,
        [
            "Django",
            "Python",
            "JavaScript",
            "Barrierefreiheit",
            "WordPress",
            "Shopify",
            "Web-Performance",
            "Datenschutz (DSGVO)",
        ],
        [
            "Eine UX-Designerin für ein gemeinsames Kundenprojekt.",
            "Eine Steuerberaterin, die sich mit Freiberuflern auskennt.",
            "Eine Texterin für die Website eines Handwerksbetriebs.",
        ],
        True,
    ),
    (
        "Coach",
        "Coach",
        5,
        [
            "Karriereberatung",
            "Führung",
            "Konfliktlösung",
            "Teamentwicklung",
            "Resilienz",
            "Bewerbungscoaching",
            "Work-Life-Balance",
        ],
        [
            "Räume für Workshops mit 10 bis 15 Personen.",
            "Jemanden, der mir eine schlichte Website mit Terminbuchung baut.",
            "Kolleginnen für eine Intervisionsgruppe.",
        ],
        True,
    ),
    (
        "Fotografin",
        "Fotograf",
        5,
        [
            "Porträtfotografie",
            "Hochzeitsfotografie",
            "Produktfotografie",
            "Architekturfotografie",
            "Bildbearbeitung",
            "Businessporträts",
            "Eventfotografie",
        ],
        [
            "Ein Atelier zur Untermiete, gern mit Tageslicht.",
            "Eine Rechtsanwältin, die sich mit Bildrechten auskennt.",
            "Eine Visagistin für Porträt-Shootings.",
        ],
        True,
    ),
    (
        "Tischlerin",
        "Tischler",
        4,
        ["Möbelbau", "Innenausbau", "Küchenbau", "Restaurierung", "Treppenbau", "Massivholz"],
        [
            "Eine Auszubildende oder einen Auszubildenden ab Sommer.",
            "Eine Fotografin für unsere Referenzprojekte.",
            "Eine Architektin für gemeinsame Altbauprojekte.",
        ],
        True,
    ),
    (
        "Rechtsanwältin",
        "Rechtsanwalt",
        4,
        [
            "Arbeitsrecht",
            "Mietrecht",
            "Familienrecht",
            "Vertragsrecht",
            "Urheberrecht",
            "Datenschutz (DSGVO)",
            "Erbrecht",
        ],
        [
            "Eine Übersetzerin für juristische Texte ins Englische.",
            "Jemanden, der unsere Kanzleisoftware betreut.",
            "Eine Mediatorin für Fälle, die nicht vor Gericht gehören.",
        ],
        True,
    ),
    (
        "UX-Designerin",
        "UX-Designer",
        5,
        [
            "Nutzerforschung",
            "Prototyping",
            "Barrierefreiheit",
            "Interaktionsdesign",
            "Usability-Tests",
            "Designsysteme",
            "Figma",
        ],
        [
            "Eine Webentwicklerin für ein gemeinsames Projekt ab dem Frühjahr.",
            "Teilnehmende für Usability-Tests einer Gesundheits-App.",
            "Eine Texterin, die einfache Sprache beherrscht.",
        ],
        False,
    ),
    (
        "Grafikdesignerin",
        "Grafikdesigner",
        4,
        [
            "Corporate Design",
            "Logodesign",
            "Illustration",
            "Typografie",
            "Buchgestaltung",
            "Verpackungsdesign",
        ],
        [
            "Eine Druckerei, die auch kleine Auflagen auf Recyclingpapier macht.",
            "Eine Texterin für Verpackungstexte.",
            "Eine Steuerberaterin für die Künstlersozialkasse.",
        ],
        True,
    ),
    (
        "Physiotherapeutin",
        "Physiotherapeut",
        4,
        [
            "Manuelle Therapie",
            "Sportphysiotherapie",
            "Rückenschmerzen",
            "Lymphdrainage",
            "Rehabilitation",
        ],
        [
            "Eine Praxisnachfolge in zwei bis drei Jahren.",
            "Jemanden, der unsere Online-Terminvergabe einrichtet.",
            "Eine Ernährungsberaterin, an die ich Patientinnen verweisen kann.",
        ],
        True,
    ),
    (
        "Elektromeisterin",
        "Elektromeister",
        3,
        ["Photovoltaik", "Smart Home", "Wallbox", "Elektroinstallation", "E-Check"],
        [
            "Eine Dachdeckerin für gemeinsame Photovoltaik-Aufträge.",
            "Eine Buchhalterin für zwei Tage im Monat.",
            "Eine Architektin, die früh an die Haustechnik denkt.",
        ],
        True,
    ),
    (
        "Übersetzerin",
        "Übersetzer",
        4,
        [
            "Fachübersetzung",
            "Lektorat",
            "Dolmetschen",
            "Juristische Übersetzung",
            "Technische Dokumentation",
            "Untertitelung",
        ],
        [
            "Eine Kollegin für Französisch, die Projekte mit mir teilt.",
            "Jemanden, der mir ein einfaches Angebotssystem einrichtet.",
            "Kundinnen aus dem Maschinenbau.",
        ],
        True,
    ),
    (
        "Architektin",
        "Architekt",
        4,
        [
            "Altbausanierung",
            "Energieberatung",
            "Bauantrag",
            "Holzbau",
            "Innenarchitektur",
            "Denkmalschutz",
        ],
        [
            "Eine Tischlerin für hochwertigen Innenausbau.",
            "Eine Fotografin für Architekturaufnahmen.",
            "Eine Statikerin, die auch Holzbau kann.",
        ],
        True,
    ),
    (
        "Texterin",
        "Texter",
        4,
        [
            "Webtexte",
            "Suchmaschinenoptimierung",
            "Pressearbeit",
            "Newsletter",
            "Corporate Blog",
            "Lektorat",
            "Einfache Sprache",
        ],
        [
            "Eine Grafikdesignerin für gemeinsame Broschüren.",
            "Eine Rechtsanwältin, die meine AGB prüft.",
            "Kundinnen aus dem Handwerk.",
        ],
        True,
    ),
    (
        "Ernährungsberaterin",
        "Ernährungsberater",
        2,
        ["Ernährungsberatung", "Vegane Ernährung", "Sporternährung", "Diabetes", "Darmgesundheit"],
        [
            "Eine Physiotherapeutin für gemeinsame Kurse.",
            "Eine Fotografin für Rezeptfotos.",
            "Räume für Kochkurse am Abend.",
        ],
        True,
    ),
    (
        "Unternehmensberaterin",
        "Unternehmensberater",
        4,
        [
            "Strategie",
            "Prozessoptimierung",
            "Nachfolgeplanung",
            "Existenzgründung",
            "Fördermittel",
            "Change-Management",
        ],
        [
            "Eine Steuerberaterin für Nachfolgefälle.",
            "Eine Moderatorin für Strategieworkshops.",
            "Eine Datenanalystin für ein Projekt im Mittelstand.",
        ],
        True,
    ),
    (
        "Malermeisterin",
        "Malermeister",
        3,
        ["Fassadengestaltung", "Innenanstrich", "Tapezieren", "Lehmputz", "Wärmedämmung"],
        [
            "Eine Gesellin oder einen Gesellen in Vollzeit.",
            "Jemanden für unsere Website und die Fotos der Baustellen.",
            "Eine Architektin für Altbauprojekte.",
        ],
        True,
    ),
    (
        "Softwareentwicklerin",
        "Softwareentwickler",
        7,
        [
            "Python",
            "Java",
            "Cloud-Architektur",
            "DevOps",
            "Datenbanken",
            "Testautomatisierung",
            "Kubernetes",
            "Rust",
        ],
        [
            "Ein Open-Source-Projekt, bei dem ich mitmachen kann.",
            "Eine UX-Designerin für ein Nebenprojekt.",
            "Eine Steuerberaterin, die sich mit Freiberuflern auskennt.",
        ],
        False,
    ),
    (
        "Datenanalystin",
        "Datenanalyst",
        3,
        ["Datenanalyse", "Machine Learning", "Python", "SQL", "Dashboards", "Statistik"],
        [
            "Ein Projekt mit echten Daten aus dem Gesundheitswesen.",
            "Eine Softwareentwicklerin für eine gemeinsame Datenplattform.",
            "Eine Mentorin für den Schritt in die Selbstständigkeit.",
        ],
        False,
    ),
    (
        "Marketingberaterin",
        "Marketingberater",
        4,
        [
            "Social Media",
            "Online-Marketing",
            "Suchmaschinenoptimierung",
            "Markenstrategie",
            "Content-Marketing",
        ],
        [
            "Eine Videografin für kurze Kundenvideos.",
            "Eine Grafikdesignerin für ein neues Corporate Design.",
            "Kundinnen aus dem Gesundheitsbereich.",
        ],
        True,
    ),
    (
        "Friseurmeisterin",
        "Friseurmeister",
        2,
        ["Haarschnitt", "Coloration", "Brautfrisuren", "Naturfriseur"],
        [
            "Eine Fotografin für unser Salon-Portfolio.",
            "Eine Steuerberaterin für einen kleinen Salon.",
            "Eine Nachfolgerin für meinen Salon.",
        ],
        True,
    ),
    (
        "Psychotherapeutin",
        "Psychotherapeut",
        2,
        ["Verhaltenstherapie", "Paartherapie", "Angststörungen", "Burnout-Prävention"],
        [
            "Praxisräume in ruhiger Lage.",
            "Eine Kollegin für Vertretungen im Urlaub.",
            "Jemanden, der unsere Praxis-IT datenschutzkonform einrichtet.",
        ],
        True,
    ),
    (
        "Mediatorin",
        "Mediator",
        2,
        ["Mediation", "Konfliktlösung", "Wirtschaftsmediation", "Familienmediation"],
        [
            "Eine Co-Mediatorin für Fälle mit mehreren Parteien.",
            "Eine Rechtsanwältin für Fragen zum Familienrecht.",
            "Räume für Mediationen am Wochenende.",
        ],
        True,
    ),
    (
        "Köchin",
        "Koch",
        3,
        ["Catering", "Kochkurse", "Regionale Küche", "Vegane Küche", "Eventgastronomie"],
        [
            "Eine Küche zur Mitnutzung für Kochkurse.",
            "Eine Fotografin für unsere Speisekarte.",
            "Höfe aus der Region, die direkt liefern.",
        ],
        True,
    ),
    (
        "Sprachlehrerin",
        "Sprachlehrer",
        3,
        [
            "Deutsch als Fremdsprache",
            "Business English",
            "Prüfungsvorbereitung",
            "Französisch",
            "Spanisch",
        ],
        [
            "Räume für Abendkurse.",
            "Eine Webentwicklerin für eine kleine Lernplattform.",
            "Kolleginnen für einen gemeinsamen Sprachkurs.",
        ],
        True,
    ),
    (
        "Finanzberaterin",
        "Finanzberater",
        3,
        ["Altersvorsorge", "Geldanlage", "Baufinanzierung", "Versicherungen"],
        [
            "Eine Steuerberaterin für gemeinsame Mandate.",
            "Eine Texterin für verständliche Finanztexte.",
            "Eine Rechtsanwältin für Erbrecht.",
        ],
        True,
    ),
    (
        "Projektmanagerin",
        "Projektmanager",
        4,
        ["Agiles Projektmanagement", "Scrum", "Stakeholder-Management", "Kanban", "Projektplanung"],
        [
            "Ein neues Projekt im Bereich erneuerbare Energien.",
            "Eine Coach für Führung in agilen Teams.",
            "Eine Softwareentwicklerin für ein gemeinsames Projekt.",
        ],
        False,
    ),
    (
        "Landschaftsgärtnerin",
        "Landschaftsgärtner",
        2,
        ["Gartenplanung", "Dachbegrünung", "Naturgarten", "Baumpflege", "Teichbau"],
        [
            "Eine Architektin für Projekte mit Dachbegrünung.",
            "Eine Buchhalterin für einen kleinen Betrieb.",
            "Saisonkräfte für Frühjahr und Herbst.",
        ],
        True,
    ),
    (
        "Videografin",
        "Videograf",
        2,
        ["Imagefilm", "Videoschnitt", "Drohnenaufnahmen", "Erklärvideos", "Livestreaming"],
        [
            "Eine Sprecherin für Erklärvideos.",
            "Eine Marketingberaterin für gemeinsame Kundenprojekte.",
            "Eine Rechtsanwältin, die sich mit Musikrechten auskennt.",
        ],
        True,
    ),
    (
        "Buchhalterin",
        "Buchhalter",
        3,
        ["Buchhaltung", "Lohnabrechnung", "DATEV", "Mahnwesen", "Jahresabschluss"],
        [
            "Kundinnen aus dem Handwerk.",
            "Eine Steuerberaterin für die Zusammenarbeit bei Jahresabschlüssen.",
            "Jemanden, der mir die Belegerfassung automatisiert.",
        ],
        True,
    ),
]

GENERIC_LOOKING_FOR = [
    "Neue Kundinnen und Kunden in meiner Region.",
    "Eine Steuerberaterin, die sich mit Selbstständigen auskennt.",
    "Jemanden, der meine Website modernisiert.",
    "Eine Fotografin für neue Porträts.",
    "Austausch mit anderen Selbstständigen in meiner Stadt.",
    "Eine Kollegin für Urlaubsvertretungen.",
    "Ein Büro oder einen Platz im Coworking-Space.",
    "Eine Mentorin für die ersten Jahre der Selbstständigkeit.",
    "",
]

# Spoken besides German; weights per country.
EXTRA_LANGUAGES = {
    "DE": [
        ("en", 60),
        ("fr", 8),
        ("tr", 5),
        ("pl", 4),
        ("ru", 4),
        ("es", 5),
        ("it", 3),
        ("uk", 2),
        ("ar", 2),
    ],
    "AT": [("en", 55), ("it", 8), ("tr", 4), ("pl", 3), ("uk", 2), ("es", 4), ("fr", 5)],
    "CH": [("en", 60), ("fr", 45), ("it", 25), ("es", 5), ("pt", 4)],
}

# How a member came to know another, by `Relationship` value, with a relative frequency.
RELATIONSHIP_WEIGHTS = {
    "worked_together": 30,
    "was_client": 25,
    "was_my_client": 15,
    "colleague": 12,
    "circle": 12,
    "other": 6,
}

OPENERS = {
    "worked_together": [
        "Ich habe mit {name} über mehrere Monate an einem gemeinsamen Projekt gearbeitet.",
        "{name} und ich haben seit {year} immer wieder gemeinsam Aufträge umgesetzt.",
        "Für einen gemeinsamen Kunden haben {name} und ich eng zusammengearbeitet.",
        "Seit {year} arbeite ich regelmäßig mit {name} zusammen.",
        "In einem schwierigen Projekt war {name} für mich die wichtigste Stütze im Team.",
    ],
    "was_client": [
        "Ich habe {name} {year} beauftragt und war rundum zufrieden.",
        "{name} hat für mich gearbeitet, und ich würde es jederzeit wieder tun.",
        "Als ich Unterstützung brauchte, hat mir eine Bekannte {name} empfohlen.",
        "Seit {year} lasse ich mich von {name} beraten.",
        "Ich habe {name} mit einem kniffligen Auftrag betraut.",
    ],
    "was_my_client": [
        "{name} war bei mir in Beratung, und ich habe {ihn} als sehr klar und verlässlich erlebt.",
        "Ich durfte {name} bei einem Vorhaben begleiten und habe "
        "dabei viel über {seine} Arbeit gelernt.",
        "Seit {year} arbeite ich für {name} und sehe, wie {er} mit {seinen} eigenen Kunden umgeht.",
        "Ich habe {name} bei einem Projekt unterstützt und {ihn} dabei gut kennengelernt.",
    ],
    "colleague": [
        "{name} und ich teilen uns seit {year} einen Coworking-Space.",
        "Ich kenne {name} aus unserem gemeinsamen Büro.",
        "Wir arbeiten seit Jahren im selben Haus, und ich schicke Anfragen gern an {name} weiter.",
        "Im selben Fach tauschen {name} und ich uns regelmäßig über schwierige Fälle aus.",
    ],
    "circle": [
        "Ich kenne {name} aus unserem Unternehmerinnen- und Unternehmerkreis.",
        "{name} und ich haben uns {year} in einem Netzwerktreffen kennengelernt.",
        "In unserem monatlichen Austauschkreis ist {name} eine feste Größe.",
        "Über unseren Gründungskreis habe ich {name} kennengelernt.",
    ],
    "other": [
        "Wir haben uns über gemeinsame Bekannte kennengelernt.",
        "Ich kenne {name} aus dem Ehrenamt in unserem Verein.",
        "{name} und ich sind uns {year} auf einer Fachtagung begegnet.",
        "Über einen Nachbarn bin ich auf {name} aufmerksam geworden.",
    ],
}

TOPIC_SENTENCES = [
    "Im Bereich {topic} kennt sich {name} hervorragend aus und "
    "erklärt auch komplizierte Dinge verständlich.",
    "Beim Thema {topic} ist {name} für mich die erste Adresse.",
    "Was das Thema {topic} angeht, arbeitet {er} gründlich, schnell und mit "
    "viel Gefühl für das, was wirklich gebraucht wird.",
    "{Seine} Arbeit im Bereich {topic} war durchdacht, pünktlich und hat das Budget eingehalten.",
    "Beim Thema {topic} hat {er} Lösungen vorgeschlagen, auf die ich selbst nie gekommen wäre.",
    "Ich habe selten jemanden erlebt, der so viel Erfahrung mit "
    "dem Thema {topic} hat und dabei so unaufgeregt bleibt.",
    "Besonders beeindruckt hat mich {seine} Sorgfalt im Bereich {topic}.",
    "Gerade beim Thema {topic} merkt man, dass {er} das Handwerk von Grund auf gelernt hat.",
    "Beim Thema {topic} fragt {er} nach, bis das Problem wirklich verstanden ist, "
    "und legt dann los.",
    "Von {seinem} Wissen zum Thema {topic} habe ich viel mitgenommen.",
    "Im Bereich {topic} hat {er} uns **spürbar** weitergebracht.",
    "Die Ergebnisse im Bereich {topic} waren *genau* das, was wir gebraucht haben.",
]

SECOND_TOPIC_SENTENCES = [
    "Dazu kommt viel Erfahrung im Bereich {topic2}.",
    "Auch beim Thema {topic2} konnte {er} uns weiterhelfen.",
    "Nebenbei hat {er} uns noch zum Thema {topic2} beraten.",
    "Dass {er} sich auch im Bereich {topic2} auskennt, war ein echter Glücksfall.",
]

DETAILS = [
    "Absprachen wurden immer eingehalten, und auf Nachrichten kam stets schnell eine Antwort.",
    "Auch als es einmal eng wurde, blieb {er} ruhig und hat eine gute Lösung gefunden.",
    "Die Rechnung war transparent und genau so hoch wie vorher besprochen.",
    "{Er} sagt ehrlich, wenn etwas nicht sinnvoll ist, auch wenn es {ihm} einen Auftrag kostet.",
    "Die Zusammenarbeit war angenehm unkompliziert.",
    "Termine wurden zuverlässig gehalten, und die Kommunikation war klar und freundlich.",
    "Man merkt, dass {er} Freude an {seiner} Arbeit hat.",
    "Mit kurzfristigen Änderungen ist {er} sehr gelassen umgegangen.",
    "",
    "",
]

CLOSERS = [
    "Ich empfehle {name} ohne Zögern weiter.",
    "Jederzeit wieder!",
    "**Jederzeit wieder!**",
    "Wer jemanden für das Thema {topic} sucht, ist bei {name} in besten Händen.",
    "Klare Empfehlung von mir.",
    "Ich freue mich schon auf das nächste gemeinsame Projekt.",
    "Danke für die tolle Zusammenarbeit!",
    "Von mir eine *ausdrückliche* Empfehlung.",
    "Ich habe {name} schon mehrfach weiterempfohlen und nur Gutes zurückgehört.",
    "Wenn ihr jemanden mit Herz und Verstand sucht: Fragt {name}.",
]

PRONOUNS = {
    "f": {
        "er": "sie",
        "Er": "Sie",
        "ihm": "ihr",
        "ihn": "sie",
        "sein": "ihr",
        "seine": "ihre",
        "Seine": "Ihre",
        "seinen": "ihren",
        "seinem": "ihrem",
        "seiner": "ihrer",
    },
    "m": {
        "er": "er",
        "Er": "Er",
        "ihm": "ihm",
        "ihn": "ihn",
        "sein": "sein",
        "seine": "seine",
        "Seine": "Seine",
        "seinen": "seinen",
        "seinem": "seinem",
        "seiner": "seiner",
    },
}

# The demo account: a complete profile to explore the product with.
DEMO_EMAIL = "demo@goodword.test"
DEMO_PASSWORD = "gutes-wort-demo"  # noqa: S105 - the published demo password
DEMO_PROFILE = {
    "display_name": "Lena Hoffmann",
    "first_name": "Lena",
    "gender": "f",
    "city": "Leipzig",
    "country": "DE",
    "profession": "UX-Designerin",
    "topics": ["Nutzerforschung", "Barrierefreiheit", "Prototyping", "Usability-Tests"],
    "languages": ["de", "en"],
    "website": "https://lena-hoffmann.example",
    "impressum_url": "https://lena-hoffmann.example/impressum",
    "looking_for": "Eine Webentwicklerin für ein barrierefreies Projekt ab dem Frühjahr.",
}

# --- requests ("Gesuche"), answers and conversations -----------------------------------------
# Placeholders: {topic} (a topic of the request), {city}, {wer} ("eine Steuerberaterin oder
# einen Steuerberater"), {name} (first name of the member meant), {beruf} (own profession).

ASK_TITLES = [
    "Suche {wer} für das Thema {topic}",
    "Wer kennt jemanden für das Thema {topic}?",
    "Empfehlung im Bereich {topic} gesucht",
    "Gute Adresse für das Thema {topic} in {city}?",
    "Unterstützung beim Thema {topic} gesucht",
    "Brauche Hilfe im Bereich {topic}",
]

ASK_OPENERS = [
    "Ich bin {beruf} und suche für ein neues Vorhaben {wer}.",
    "Für mein kleines Büro suche ich {wer}, der oder die sich im Bereich {topic} auskennt.",
    "Nach einem Umzug meines Geschäfts brauche ich Unterstützung beim Thema {topic}.",
    "Mein bisheriger Kontakt für das Thema {topic} hört leider auf, deshalb suche ich Ersatz.",
    "Wir wachsen gerade, und beim Thema {topic} kommen wir allein nicht mehr weiter.",
]

ASK_DETAILS = [
    "Wichtig ist mir, dass man gut erreichbar ist und ehrlich sagt, was sinnvoll ist.",
    "Es geht um ein überschaubares Projekt, das gern in den nächsten Wochen starten kann.",
    "Am liebsten jemand, mit dem schon jemand aus meinem Netzwerk gute Erfahrungen gemacht hat.",
    "Ein erstes Gespräch zum Kennenlernen wäre ideal, gern auch per Video.",
    "Budget ist vorhanden, Qualität ist mir aber wichtiger als der Preis.",
]

ASK_CLOSERS = [
    "Ich freue mich über jeden Tipp!",
    "Danke euch schon jetzt für eure Empfehlungen.",
    "Wer jemanden kennt: Stellt uns gern vor.",
    "",
]

INTRODUCE_ANSWERS = [
    "Ich empfehle dir {name}, weil ich selbst im Bereich {topic} "
    "sehr gute Erfahrungen gemacht habe.",
    "Sprich mal mit {name}, weil {er} sich beim Thema {topic} "
    "wirklich gut auskennt und zuverlässig ist.",
    "{name} passt gut, weil {er} genau solche Aufträge rund um das Thema {topic} "
    "regelmäßig übernimmt.",
    "Ich stelle dir {name} vor, weil {er} mir beim Thema {topic} schon einmal sehr geholfen hat.",
]

OFFER_ANSWERS = [
    "Das kann ich übernehmen, weil ich seit Jahren im Bereich {topic} arbeite. Melde dich gern.",
    "Ich helfe dir gern, weil das Thema {topic} genau mein Schwerpunkt ist. "
    "Wollen wir telefonieren?",
    "Da kann ich dir helfen, weil ich gerade ein ähnliches Projekt zum Thema {topic} "
    "abgeschlossen habe.",
]

# A conversation after an accepted answer: (role, intent, text); roles: asker, helper.
REQUEST_CONVERSATION = [
    (
        "asker",
        "question",
        "Hallo {name}, danke für die schnelle Antwort! Wann hättest du Zeit "
        "für ein kurzes Gespräch?",
    ),
    (
        "helper",
        "advice",
        "Gern! Schick mir vorab ein paar Zeilen zum Umfang, dann kann ich dir "
        "gleich sagen, wie ich vorgehen würde.",
    ),
    ("asker", "thanks", "Danke, das hat mir schon sehr weitergeholfen."),
]

# --- the demo account's own story ----------------------------------------------------------------

DEMO_ASK = {
    "title": "Webentwicklerin für ein barrierefreies Projekt gesucht",
    "text": (
        "Für eine Stiftung in Leipzig gestalte ich ab dem Frühjahr eine neue Website, die "
        "von Anfang an barrierefrei sein soll (BITV 2.0, gute Screenreader-Unterstützung). "
        "Das Design und die Nutzerforschung übernehme ich; für die Umsetzung suche ich eine "
        "Webentwicklerin oder einen Webentwickler, gern mit Erfahrung in Django oder "
        "WordPress. Etwa 30 Tage über vier Monate, teilweise remote möglich."
    ),
    "topics": ["Barrierefreiheit", "Django"],
}
DEMO_ASK_INTRODUCTION = (
    "Ich empfehle dir {name}, weil {er} für uns letztes Jahr ein barrierefreies Kundenportal "
    "gebaut hat, sauber getestet mit Screenreadern, und immer pünktlich geliefert hat."
)
DEMO_ASK_OFFER = (
    "Das mache ich gern, weil Barrierefreiheit mein Schwerpunkt ist: Ich habe zuletzt zwei "
    "Websites nach BITV 2.0 umgesetzt. Ab März hätte ich freie Kapazitäten."
)

DEMO_HELP_ASK = {
    "title": "Wer testet unseren neuen Onlineshop mit echten Kundinnen?",
    "text": (
        "Wir haben unseren Onlineshop neu aufgesetzt und merken, dass viele den Bestellvorgang "
        "abbrechen. Ich suche jemanden für Usability-Tests mit fünf bis acht Kundinnen und "
        "Kunden, der uns danach sagt, was wir ändern sollten."
    ),
    "topics": ["Usability-Tests", "Nutzerforschung"],
}

DEMO_PENDING_INTRODUCTION = (
    "Lena, {name} baut gerade eine Plattform für Kursanbieter und sucht jemanden, der die "
    "Nutzerführung mit echten Menschen testet. Ihr solltet euch kennenlernen, weil ihr beide "
    "Wert auf verständliche Oberflächen legt."
)
DEMO_ACCEPTED_INTRODUCTION = (
    "{name}, Lena ist die beste UX-Designerin, die ich kenne, und hat viel Erfahrung mit "
    "barrierefreien Formularen. Ihr solltet euch austauschen, weil du gerade dein "
    "Anmeldeformular überarbeitest."
)
# (who, intent, text): "member" is the introduced member, "demo" the demo account.
DEMO_INTRODUCTION_MESSAGES = [
    (
        "member",
        "question",
        "Hallo Lena, schön, dass wir uns so kennenlernen! Darf ich dich "
        "fragen, wie du Formulare mit Menschen testest, die einen Screenreader nutzen?",
    ),
    (
        "demo",
        "advice",
        "Gern! Ich lade drei bis vier Testpersonen ein, die den Screenreader "
        "täglich nutzen, und lasse sie eine echte Aufgabe lösen. Fehlermeldungen sollten direkt "
        "am Feld stehen und vorgelesen werden – daran scheitern die meisten Formulare.",
    ),
    (
        "member",
        "thanks",
        "Danke dir, das ist ein super Tipp. Ich melde mich, wenn der erste Entwurf steht!",
    ),
]
DEMO_DIRECT_MESSAGES = [
    (
        "demo",
        "thanks",
        "Hallo {name}, danke für deine Empfehlung! Seitdem haben sich schon "
        "zwei neue Kundinnen bei mir gemeldet.",
    ),
    (
        "demo",
        "question",
        "Darf ich dich bei Gelegenheit fragen, wie du deine Angebote kalkulierst?",
    ),
    (
        "member",
        "advice",
        "Sehr gern geschehen! Ich rechne mit Tagessätzen und plane immer "
        "zehn Prozent Puffer ein. Lass uns nächste Woche einen Kaffee trinken, dann zeige ich dir "
        "meine Vorlage.",
    ),
]
DEMO_REFERRAL_GIVEN = {
    "need": "Die Bäckerei Albers in Leipzig möchte ihre Lohnabrechnung und Buchhaltung "
    "abgeben und sucht dafür jemanden, der sich mit kleinen Handwerksbetrieben auskennt.",
    "contact_name": "Katrin Albers",
    "contact_details": "Bäckerei Albers, Telefon 0341 555 0142",
    "amount": "2400.00",
    "thanks": "Danke, Lena! Frau Albers ist jetzt Stammkundin bei mir.",
}
DEMO_REFERRAL_RECEIVED = {
    "need": "Ein Verein für Seniorinnen und Senioren plant eine neue Website und möchte "
    "vorher herausfinden, was die Mitglieder wirklich brauchen. Das klingt nach dir!",
    "contact_name": "Jürgen Weiß",
    "contact_details": "Vorstand Seniorenverein Gohlis, juergen.weiss@example.org",
}
