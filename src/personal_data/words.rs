//! The words the personal-data check reads context from.
//!
//! Written for this project from how Dutch government notes are worded. No
//! list here is a gate on its own: a first name only makes a warning, a title
//! or form of address needs a capitalised name after it, and a role word
//! only clears a name when nothing but names, particles and party labels
//! stand between them. All entries are lower case unless said otherwise.

/// Forms of address and academic or professional titles before a name.
/// A trailing `.` is part of the entry; `de heer` is two words.
pub const TITLES: &[&str] = &[
    "mevrouw", "mevr.", "mevr", "mw.", "mej.", "de heer", "dhr.", "dhr", "hr.", "meneer", "drs.",
    "drs", "dr.", "mr.", "ir.", "ing.", "prof.", "ds.", "bc.", "ds", "kand.",
    // military and police ranks, used as forms of address
    "soldaat", "korporaal", "sergeant", "sergeant-majoor", "sgt.", "adjudant", "luitenant",
    "kapitein", "kapitein-luitenant ter zee", "majoor", "luitenant-kolonel", "kolonel", "kol.",
    "brigadegeneraal", "commandeur", "agent", "hoofdagent", "brigadier", "inspecteur",
    "hoofdinspecteur",
];

/// Name particles (tussenvoegsels), lower case as written inside a name.
pub const PARTICLES: &[&str] = &[
    "van", "de", "der", "den", "ter", "ten", "te", "het", "'t", "’t", "op", "in", "la", "le", "du",
    "da", "di", "von", "zu", "del", "dos", "el", "al", "bin", "uit", "aan", "d'", "d’", "vd",
];

/// Capitalised words that start sentences or name things, never a person's
/// name where one is expected (after initials, a title, in a contact line).
pub const NOT_NAMES: &[&str] = &[
    // function words at the start of a sentence
    "de", "het", "een", "deze", "dit", "die", "dat", "daar", "daarom", "daarnaast", "daarbij",
    "dan", "er", "hier", "hij", "zij", "ze", "wij", "we", "u", "uw", "ik", "in", "op", "aan",
    "als", "bij", "met", "na", "naar", "om", "onder", "over", "sinds", "tot", "tijdens", "uit",
    "voor", "vanaf", "zonder", "en", "of", "maar", "ook", "omdat", "wanneer", "waar", "wat",
    "welke", "wie", "hoe", "niet", "geen", "nog", "wel", "zo", "zoals", "door", "tegen",
    "binnen", "buiten", "volgens", "verder", "vervolgens", "tevens", "echter", "kortom", "zie",
    "graag", "alle", "enkele", "veel", "meer", "beide", "elke", "iedere", "ieder", "alleen",
    "namens", "mede", "indien", "hoewel", "ondanks", "doordat", "nadat", "voordat", "zodat",
    "toen", "nu", "thans", "inmiddels", "tot", "ten", "ter", "via", "per", "reeds", "eerder",
    "later", "tenslotte", "ten slotte", "bovendien", "hierbij", "hiermee", "hierin", "daarin",
    "daarmee", "wordt", "worden", "is", "zijn", "heeft", "hebben", "kan", "kunnen", "zal",
    "zullen", "moet", "moeten", "mag", "akkoord", "ja", "nee", "n.v.t.", "nvt", "geachte",
    "beste", "betreft", "onderwerp", "datum", "kenmerk", "bijlage", "bijlagen", "telefoon",
    "mobiel", "e-mail", "email", "mail", "adres", "postbus", "bezoekadres", "postadres",
    // months and days
    "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
    "oktober", "november", "december", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag",
    "zaterdag", "zondag",
    // organisations, functions and documents
    "minister", "ministers", "staatssecretaris", "ministerie", "ministeries", "kamer", "tweede",
    "eerste", "directie", "directeur", "directeur-generaal", "directoraat-generaal",
    "secretaris-generaal", "plaatsvervangend", "afdeling", "team", "hoofd", "bureau", "dienst",
    "inspectie", "eenheid", "cluster", "programma", "project", "sector", "unit", "kabinet",
    "raad", "college", "commissie", "stichting", "vereniging", "gemeente", "provincie", "rijk",
    "rijksoverheid", "nederland", "nederlandse", "europese", "europa", "wet", "besluit",
    "regeling", "artikel", "kamerbrief", "beslisnota", "nota", "brief", "rapport", "universiteit",
    "hogeschool", "koningin", "haag", "amsterdam", "rotterdam",
    "utrecht", "woordvoering", "communicatie", "beleid", "wetgeving", "secretariaat",
    "servicedesk", "helpdesk", "informatie", "senior", "junior", "beleidsmedewerker",
    "beleidsadviseur", "adviseur", "jurist", "coördinator", "programmamanager", "projectleider",
    "manager", "medewerker", "woordvoerder", "landsadvocaat", "dg", "sg", "psg", "mt", "bestuur",
    "zaken", "juridische", "financiële", "economische", "algemene", "sociale", "binnenlandse",
    "buitenlandse", "justitie", "veiligheid", "defensie", "financiën", "onderwijs", "cultuur",
    "wetenschap", "volksgezondheid", "welzijn", "sport", "infrastructuur", "waterstaat",
    "landbouw", "natuur", "klimaat", "zorg", "openbaar", "openbare", "aanleiding", "toelichting",
    "advies", "kernpunten", "samenvatting", "inleiding", "conclusie", "ondertekening",
    "contactpersoon", "contact", "opgesteld", "steller", "paraaf", "politie", "rechtbank",
    "overheid", "mevrouw", "heer", "dhr", "zr.ms.", "hr.ms.",
];

/// Role words after which a name belongs to a person who appears in public
/// by their function: ministers, members of parliament, mayors, the King.
pub const PUBLIC_ROLES: &[&str] = &[
    "minister", "ministers", "minister-president", "premier", "staatssecretaris",
    "staatssecretarissen", "bewindspersoon", "bewindspersonen", "lid", "leden", "kamerlid",
    "kamerleden", "senator", "senatoren", "burgemeester", "wethouder", "gedeputeerde",
    "commissaris", "koning", "koningin", "prins", "prinses", "voorzitter", "fractievoorzitter",
    "kamervoorzitter", "vicepremier", "woordvoerder", "ombudsman", "ombudsvrouw", "president",
    "rapporteur", "ambassadeur", "procureur-generaal", "advocaat-generaal", "europarlementariër",
    "eurocommissaris", "motie", "moties", "amendement", "amendementen", "initiatiefnemer",
    "initiatiefnemers", "indiener", "indieners", "fractie", "commissie",
];

/// Nouns that, followed by `van`, make a name after them a public role: the
/// chair of a committee, the author of published advice, an appointee.
pub const PUBLIC_OF: &[&str] = &[
    "leiding", "voorzitterschap", "advies", "advisering", "adviezen", "rapport", "eindrapport", "benoeming",
    "herbenoeming", "aanstelling", "voordracht", "motie", "amendement",
];

/// Parties and parliamentary groups, as written (case counts): a name
/// followed by `(VVD)` or `(beiden VVD)` is a member of parliament.
pub const PARTIES: &[&str] = &[
    "VVD", "PVV", "NSC", "CDA", "D66", "GL", "GroenLinks", "PvdA", "GroenLinks-PvdA", "GL-PvdA",
    "SP", "PvdD", "CU", "ChristenUnie", "SGP", "DENK", "FvD", "Forum voor Democratie", "JA21",
    "BBB", "Volt", "BIJ1", "50PLUS", "Nieuw Sociaal Contract", "Partij voor de Dieren", "LPF",
    "OSF", "Fractie", "Groep",
];

/// Labels of a contact or signature block: the name follows on the same
/// line after a colon, or on the next line.
pub const CONTACT_LABELS: &[&str] = &[
    "contactpersoon", "contactpersonen", "contact", "contactgegevens", "behandeld door",
    "behandelaar", "inlichtingen", "inlichtingen bij", "opgesteld door", "steller", "auteur",
    "paraaf", "parafen", "parafering", "parafenroute", "naam", "met vriendelijke groet",
    "met vriendelijke groeten", "hoogachtend", "namens deze", "ondertekend door",
    "ondertekening", "van", "medewerker", "dossierhouder", "accounthouder", "projectleider",
    "aanspreekpunt",
];

/// Table headers that make the cells below a person's name on their own.
pub const NAME_COLUMNS: &[&str] = &[
    "contactpersoon", "contactpersonen", "behandelaar", "medewerker", "steller",
    "opgesteld door", "paraaf", "naam medewerker", "naam contactpersoon", "aanspreekpunt",
];

/// Headers that, next to a `Naam` column, say the table lists people.
pub const PERSON_TABLE_HEADERS: &[&str] = &[
    "functie", "rol", "telefoon", "telefoonnummer", "e-mail", "email", "e-mailadres", "mail",
    "afdeling", "directie", "paraaf", "datum paraaf", "geboortedatum", "adres", "woonplaats",
    "bsn",
];

/// Words that say a number is a BSN.
pub const BSN_WORDS: &[&str] = &[
    "bsn", "bsn-nummer", "burgerservicenummer", "burgerservicenr", "sofinummer", "sofi-nummer",
    "sofinr", "persoonsnummer", "persoonsgebonden nummer",
];

/// Labels that say a number is a reference of a case or document, or an
/// organisation's number (RSIN and KvK pass the same check as a BSN).
pub const REFERENCE_WORDS: &[&str] = &[
    "kenmerk", "zaaknummer", "zaak", "dossiernummer", "dossier", "referentie", "referentienummer",
    "registratienummer", "factuurnummer", "ordernummer", "documentnummer", "besluitnummer",
    "projectnummer", "subsidienummer", "aanvraagnummer", "volgnummer", "nr", "nr.", "nummer",
    "kvk", "kvk-nummer", "rsin", "btw", "btw-nummer", "vestigingsnummer", "id", "ons kenmerk",
    "uw kenmerk", "kamerstuk", "kamerstukken", "stcrt", "staatscourant", "ecli", "isbn", "issn",
    "artikel", "bedrag", "euro", "eur", "€",
];

/// Words that make a number, address or e-mail address a person's.
pub const PERSONAL_WORDS: &[&str] = &[
    "betrokkene", "betrokken persoon", "cliënt", "client", "verzoeker", "verzoekster",
    "aanvrager", "aanvraagster", "eiser", "eiseres", "klager", "klaagster", "melder",
    "burger", "bewoner", "bewoonster", "patiënt", "gedetineerde", "vreemdeling", "slachtoffer",
    "verdachte", "mevrouw", "de heer", "dhr.", "mw.", "privé", "prive", "thuis", "woonachtig",
    "wonende", "woont", "woonadres", "huisadres", "privéadres", "thuisadres", "geboren",
    "mobiel", "doorkies", "doorkiesnummer", "direct nummer", "persoonlijk",
];

/// Words that make an address, phone number or account an organisation's.
pub const ORGANISATION_WORDS: &[&str] = &[
    "ministerie", "gemeente", "provincie", "waterschap", "dienst", "inspectie", "rijkswaterstaat",
    "politie", "stichting", "vereniging", "bureau", "raad", "college", "autoriteit",
    "belastingdienst", "uwv", "svb", "duo", "rvo", "cbr", "rdw", "ind", "cjib", "rechtspraak",
    "rechtbank", "postbus", "bezoekadres", "postadres", "informatie rijksoverheid", "algemeen",
    "algemene", "centrale", "receptie", "servicedesk", "helpdesk", "klantenservice",
    "klantcontact", "meldpunt", "informatienummer", "loket", "b.v.", "bv", "n.v.", "nv",
    "kabinet", "directie", "afdeling", "organisatie", "universiteit", "hogeschool", "school",
    "ziekenhuis", "kamer van koophandel", "tweede kamer", "eerste kamer",
];

/// Parts of the local part of a functional mailbox (`info@`, `postbus.woo@`).
pub const FUNCTIONAL_MAILBOXES: &[&str] = &[
    "info", "informatie", "postbus", "post", "woo", "wob", "secretariaat", "contact", "helpdesk",
    "servicedesk", "communicatie", "pers", "persvoorlichting", "voorlichting", "noreply",
    "no-reply", "klantenservice", "receptie", "webmaster", "privacy", "fg", "avg", "klachten",
    "klacht", "bezwaar", "bezwaarschriften", "subsidies", "subsidie", "aanvragen", "meldpunt",
    "team", "directie", "afdeling", "bureau", "loket", "servicepunt", "vragen", "redactie",
    "nieuwsbrief", "administratie", "facturen", "crediteuren", "debiteuren", "hr",
    "personeelszaken", "juridisch", "juridischezaken", "wetgeving", "beleid", "support",
    "office", "algemeen", "dpo", "security", "integriteit", "kabinet", "agenda", "planning",
    "inkoop", "service", "mail", "postkamer", "woordvoering", "media", "press", "help",
    "feedback", "verzoeken", "openbaarheid", "coordinatie", "coördinatie",
];

/// Mail services people use privately: an address there is a person's.
pub const FREEMAIL_DOMAINS: &[&str] = &[
    "gmail.com", "hotmail.com", "hotmail.nl", "outlook.com", "outlook.nl", "live.nl", "live.com",
    "icloud.com", "me.com", "yahoo.com", "ziggo.nl", "kpnmail.nl", "planet.nl", "home.nl",
    "xs4all.nl", "chello.nl", "casema.nl", "upcmail.nl", "telfort.nl", "hetnet.nl", "quicknet.nl",
    "proton.me", "protonmail.com", "gmx.net", "msn.com",
];

/// Words right before a date that make it a date of birth.
pub const BIRTH_ANCHORS: &[&str] = &[
    "geboren", "geb.", "geboortedatum", "geboortedag", "geb.datum", "date of birth", "born",
    "d.o.b.",
];

/// Dutch month names and abbreviations, for dates written out.
pub const MONTHS: &[&str] = &[
    "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
    "oktober", "november", "december", "jan", "feb", "mrt", "apr", "jun", "jul", "aug", "sep",
    "sept", "okt", "nov", "dec",
];

/// Initials of more than one letter, as written (case counts).
pub const LONG_INITIALS: &[&str] = &["Th", "Ch", "Ph", "Chr", "Joh", "Wm", "Jac", "Fr", "Gerh"];

/// Clusters of capitals with dots that are abbreviations, not initials.
pub const NOT_INITIALS: &[&str] = &[
    "N.B.", "V.S.", "E.U.", "U.S.", "P.S.", "H.M.", "Z.M.", "Z.K.H.", "H.K.H.", "K.B.", "N.V.",
    "B.V.", "C.V.", "V.O.F.", "W.O.", "O.M.", "I.D.", "T.V.", "V.N.", "E.G.",
    "U.K.", "R.K.", "S.V.P.", "O.V.", "A.U.B.", "M.B.T.", "I.P.V.", "T.A.V.", "Q.Q.",
];

/// Nouns that number or letter things (`bijlage A. Inleiding`): a capital
/// with a dot after them is an enumerator, not an initial.
pub const ENUMERATING_NOUNS: &[&str] = &[
    "bijlage", "bijlagen", "categorie", "scenario", "optie", "variant", "model", "fase", "type",
    "artikel", "onderdeel", "lid", "punt", "groep", "klasse", "deel", "paragraaf", "hoofdstuk",
    "niveau", "route", "pijler", "spoor", "stap", "sectie", "vraag", "antwoord", "tabel",
    "figuur", "module", "thema", "pakket", "blok", "sidecode", "serie", "schaal", "letter",
];

/// Common given names, capitalised as written. Only for warnings: a name
/// list is never a gate (Dutch surnames are also nouns: Staat, Post, Koning).
pub const GIVEN_NAMES: &[&str] = &[
    "Jan", "Piet", "Kees", "Henk", "Gerrit", "Willem", "Johan", "Hans", "Peter", "Pieter", "Paul",
    "Mark", "Marco", "Martin", "Michiel", "Maarten", "Erik", "Eric", "Frank", "Bas", "Bart",
    "Tom", "Thomas", "Tim", "Rob", "Robert", "Ruud", "Rik", "Rick", "Dirk", "Joost", "Jeroen",
    "Jasper", "Joris", "Koen", "Lucas", "Luuk", "Daan", "Sem", "Bram", "Thijs", "Niels", "Wouter",
    "Arjen", "Arjan", "Sander", "Stefan", "Dennis", "Vincent", "Edwin", "Ronald", "Richard",
    "Gert", "Geert", "Wim", "Ad", "Cor", "Theo", "Ton", "Frans", "Harm", "Hendrik", "Jacob",
    "Jacques", "Ahmed", "Mohamed", "Mohammed", "Youssef", "Mustafa", "Ali", "Emre", "Marloes",
    "Maria", "Marie", "Anna", "Anne", "Annemarie", "Anouk", "Sanne", "Sara", "Sarah", "Lisa",
    "Laura", "Linda", "Sandra", "Monique", "Petra", "Ingrid", "Karin", "Marieke",
    "Mirjam", "Miriam", "Esther", "Ellen", "Els", "Eva", "Femke", "Fleur", "Inge", "Iris",
    "Janneke", "Jolanda", "Judith", "Kim", "Lotte", "Manon", "Marleen", "Marjolein", "Martine",
    "Nicole", "Nienke", "Noor", "Renate", "Roos", "Saskia", "Suzanne", "Tessa", "Wendy",
    "Willemijn", "Yvonne", "Fatima", "Samira", "Hanneke", "Ilse", "Joke", "Mieke", "Ria",
    "Tineke", "Carla", "Caroline", "Charlotte", "Emma", "Julia", "Sophie", "Lieke", "Merel",
    "Floor", "Elif", "Ayşe", "Priya", "Dewi", "Ingeborg", "Gerda", "Hilde", "Wilma",
];
