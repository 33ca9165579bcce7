#!/usr/bin/env python
"""Build kickgraph's offline knowledge base: ``src/kickgraph/data/kb.json.gz``.

Reproducible (same inputs -> byte-identical output) and offline. Inputs, under --data-dir
(default ``../shared/data`` relative to the repository root; see each folder's SOURCE.md):

* ``istintopuro-wikidata-football/players.tsv`` + ``clubs.tsv`` (Wikidata-derived players with
  careers, clubs with QIDs; code MIT, facts CC0, careers possibly CC BY-SA from enwiki)
* ``wikidata-football/entities.tsv`` (verified QIDs with labels/aliases, CC0)
* ``openfootball/clubs/**/*.clubs.txt`` (club names, aliases, cities; CC0) and the 2023-24
  squads in ``openfootball/{deutschland,austria,england}/2023-24/squads`` (CC0)

plus small hand-curated tables in this file (German club names and short forms, national
teams, a few extra QIDs each quoted with the public file that states it).

Usage::

    python scripts/build_kb.py [--data-dir DIR] [--out FILE] [-v]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from kickgraph.kb import KB_FORMAT, KB_VERSION, normalize, slugify, surname_keys, team_level  # noqa: E402

csv.field_size_limit(1 << 24)

# ---------------------------------------------------------------------------- curated tables

# Wikidata "men's team" shell items that istintopuro lists next to the real club item.
DUPES = {"Q97905939": "Q102720", "Q97905936": "Q142005"}  # Hertha BSC Berlin, FC Hansa Rostock

_POSS_ROSTER = "github:Jul-27/Possesion-Play@0d156956a01c:data-pipeline/wikidata_roster.mjs (CLUB_QID)"
_POSS_NATIONAL = "github:Jul-27/Possesion-Play@8ec74878011f:data-pipeline/wikidata_national.mjs (NAT_TEAM_QID)"
_UNDEF = "github:anikethmalipeddi/UndefeatedXI@976be5642f2b:scripts/import-wikidata-facts.ts (manualQids)"

# QIDs for clubs that istintopuro lists only as career strings. Each source file states the
# QID with the club name; both files agree with istintopuro on every club they share with it
# (checked below: CROSS_CHECK).
EXTRA_CLUB_QIDS: list[tuple[str, str, str, str]] = [
    ("FC Red Bull Salzburg", "Q994811", "AT", _POSS_ROSTER),
    ("PSV Eindhoven", "Q11938", "NL", _POSS_ROSTER),
    ("Feyenoord Rotterdam", "Q134241", "NL", _POSS_ROSTER),
    ("Sporting CP", "Q75729", "PT", _POSS_ROSTER),
    ("S.L. Benfica", "Q131499", "PT", _POSS_ROSTER + " ; " + _UNDEF),
    ("FC Porto", "Q128446", "PT", _POSS_ROSTER + " ; " + _UNDEF),
    ("AFC Ajax", "Q81888", "NL", _POSS_ROSTER + " ; " + _UNDEF),
    ("Boca Juniors", "Q170703", "AR", _UNDEF),
    ("LA Galaxy", "Q204357", "US", _UNDEF),
    ("Los Angeles FC", "Q18380286", "US", _UNDEF),
    ("Toronto FC", "Q327238", "CA", _UNDEF),
    ("D.C. United", "Q238593", "US", _UNDEF),
    ("Club Atlético River Plate", "Q15799", "AR", _UNDEF),
    ("Santos FC", "Q80955", "BR", _UNDEF),
    ("Seattle Sounders FC", "Q632511", "US", _UNDEF),
    ("Vancouver Whitecaps FC", "Q196107", "CA", _UNDEF),
    ("Columbus Crew", "Q457163", "US", _UNDEF),
    ("Houston Dynamo FC", "Q328313", "US", _UNDEF),
    ("Inter Miami CF", "Q16844931", "US", _UNDEF),
    ("Nashville SC", "Q24185298", "US", _UNDEF),
]
# Same sources, clubs that istintopuro also has: they must agree (a sanity check of the sources).
CROSS_CHECK = {
    "Q702455": "RB Leipzig", "Q38245": "Eintracht Frankfurt", "Q4512": "VfB Stuttgart",
    "Q101859": "VfL Wolfsburg", "Q18716": "Newcastle United F.C.", "Q5794": "Everton F.C.",
    "Q10329": "Sevilla FC", "Q10333": "Valencia CF", "Q12297": "Villarreal CF", "Q2609": "SS Lazio",
    "Q19516": "Lille OSC", "Q15789": "FC Bayern Munich", "Q41420": "Borussia Dortmund",
    "Q51976": "SV Werder Bremen", "Q51974": "Hamburger SV", "Q1130849": "Liverpool F.C.",
    "Q8682": "Real Madrid Club de Fútbol", "Q7156": "FC Barcelona", "Q631": "Inter Milan",
}

# National teams: (code, English name, German name, German adjective stem, senior QID, extra aliases).
# Senior QIDs from _POSS_NATIONAL (39 nations, "verifiziert ... am Label geprüft"); the ten
# that _UNDEF also lists agree with it.
NATIONS: list[tuple[str, str, str, str, str | None, tuple[str, ...]]] = [
    ("GER", "Germany", "Deutschland", "deutsch", "Q43310",
     ("DFB-Team", "DFB-Elf", "DFB-Auswahl", "German national team")),
    ("AUT", "Austria", "Österreich", "österreichisch", "Q163534", ("ÖFB-Team", "ÖFB-Elf", "ÖFB-Auswahl", "ÖFB")),
    ("SUI", "Switzerland", "Schweiz", "schweizerisch", "Q165141", ("Nati", "SFV-Auswahl", "Schweizer Nati")),
    ("ENG", "England", "England", "englisch", "Q47762", ("Three Lions",)),
    ("SCO", "Scotland", "Schottland", "schottisch", "Q34044", ()),
    ("WAL", "Wales", "Wales", "walisisch", "Q180857", ()),
    ("NIR", "Northern Ireland", "Nordirland", "nordirisch", None, ()),
    ("IRL", "Republic of Ireland", "Irland", "irisch", "Q163547", ("Ireland",)),
    ("FRA", "France", "Frankreich", "französisch", "Q47774", ("Équipe Tricolore", "Les Bleus")),
    ("ESP", "Spain", "Spanien", "spanisch", "Q42267", ("La Roja", "Selección")),
    ("ITA", "Italy", "Italien", "italienisch", "Q676899", ("Squadra Azzurra",)),
    ("POR", "Portugal", "Portugal", "portugiesisch", "Q267245", ()),
    ("NED", "Netherlands", "Niederlande", "niederländisch", "Q47050", ("Oranje", "Holland")),
    ("BEL", "Belgium", "Belgien", "belgisch", "Q166776", ()),
    ("DEN", "Denmark", "Dänemark", "dänisch", "Q131785", ()),
    ("SWE", "Sweden", "Schweden", "schwedisch", "Q160826", ()),
    ("NOR", "Norway", "Norwegen", "norwegisch", "Q184387", ()),
    ("FIN", "Finland", "Finnland", "finnisch", None, ()),
    ("ISL", "Iceland", "Island", "isländisch", None, ()),
    ("POL", "Poland", "Polen", "polnisch", "Q166196", ()),
    ("CZE", "Czech Republic", "Tschechien", "tschechisch", "Q483868", ()),
    ("SVK", "Slovakia", "Slowakei", "slowakisch", None, ()),
    ("HUN", "Hungary", "Ungarn", "ungarisch", None, ()),
    ("CRO", "Croatia", "Kroatien", "kroatisch", "Q134479", ()),
    ("SRB", "Serbia", "Serbien", "serbisch", "Q182740", ()),
    ("SVN", "Slovenia", "Slowenien", "slowenisch", None, ()),
    ("BIH", "Bosnia and Herzegovina", "Bosnien und Herzegowina", "bosnisch", None, ()),
    ("GRE", "Greece", "Griechenland", "griechisch", "Q134925", ()),
    ("TUR", "Turkey", "Türkei", "türkisch", "Q483856", ("Türkiye",)),
    ("RUS", "Russia", "Russland", "russisch", "Q726080", ()),
    ("UKR", "Ukraine", "Ukraine", "ukrainisch", "Q170403", ()),
    ("ROU", "Romania", "Rumänien", "rumänisch", None, ()),
    ("BUL", "Bulgaria", "Bulgarien", "bulgarisch", None, ()),
    ("ALB", "Albania", "Albanien", "albanisch", None, ()),
    ("GEO", "Georgia", "Georgien", "georgisch", None, ()),
    ("ISR", "Israel", "Israel", "israelisch", None, ()),
    ("USA", "United States", "USA", "US-amerikanisch", "Q164134", ("USMNT",)),
    ("MEX", "Mexico", "Mexiko", "mexikanisch", "Q164089", ()),
    ("CAN", "Canada", "Kanada", "kanadisch", None, ()),
    ("BRA", "Brazil", "Brasilien", "brasilianisch", "Q83459", ("Seleção", "Selecao")),
    ("ARG", "Argentina", "Argentinien", "argentinisch", "Q79800", ("Albiceleste",)),
    ("URU", "Uruguay", "Uruguay", "uruguayisch", "Q134916", ()),
    ("COL", "Colombia", "Kolumbien", "kolumbianisch", "Q212564", ()),
    ("CHI", "Chile", "Chile", "chilenisch", None, ()),
    ("JPN", "Japan", "Japan", "japanisch", "Q170566", ()),
    ("KOR", "South Korea", "Südkorea", "südkoreanisch", "Q543842", ()),
    ("AUS", "Australia", "Australien", "australisch", "Q268208", ("Socceroos",)),
    ("MAR", "Morocco", "Marokko", "marokkanisch", "Q207337", ()),
    ("SEN", "Senegal", "Senegal", "senegalesisch", "Q207441", ()),
    ("NGA", "Nigeria", "Nigeria", "nigerianisch", "Q181930", ("Super Eagles",)),
    ("GHA", "Ghana", "Ghana", "ghanaisch", "Q172014", ()),
    ("CMR", "Cameroon", "Kamerun", "kamerunisch", "Q175309", ()),
    ("CIV", "Ivory Coast", "Elfenbeinküste", "ivorisch", "Q175145", ("Côte d'Ivoire",)),
    ("EGY", "Egypt", "Ägypten", "ägyptisch", None, ()),
    ("TUN", "Tunisia", "Tunesien", "tunesisch", None, ()),
    ("ALG", "Algeria", "Algerien", "algerisch", None, ()),
    ("KSA", "Saudi Arabia", "Saudi-Arabien", "saudi-arabisch", None, ()),
    ("QAT", "Qatar", "Katar", "katarisch", None, ()),
    ("IRN", "Iran", "Iran", "iranisch", None, ()),
]
NATION_ISO2 = {
    "GER": "DE", "AUT": "AT", "SUI": "CH", "ENG": "GB", "SCO": "GB", "WAL": "GB", "NIR": "GB",
    "IRL": "IE", "FRA": "FR", "ESP": "ES", "ITA": "IT", "POR": "PT", "NED": "NL", "BEL": "BE",
    "DEN": "DK", "SWE": "SE", "NOR": "NO", "FIN": "FI", "ISL": "IS", "POL": "PL", "CZE": "CZ",
    "SVK": "SK", "HUN": "HU", "CRO": "HR", "SRB": "RS", "SVN": "SI", "BIH": "BA", "GRE": "GR",
    "TUR": "TR", "RUS": "RU", "UKR": "UA", "ROU": "RO", "BUL": "BG", "ALB": "AL", "GEO": "GE",
    "ISR": "IL", "USA": "US", "MEX": "MX", "CAN": "CA", "BRA": "BR", "ARG": "AR", "URU": "UY",
    "COL": "CO", "CHI": "CL", "JPN": "JP", "KOR": "KR", "AUS": "AU", "MAR": "MA", "SEN": "SN",
    "NGA": "NG", "GHA": "GH", "CMR": "CM", "CIV": "CI", "EGY": "EG", "TUN": "TN", "ALG": "DZ",
    "KSA": "SA", "QAT": "QA", "IRN": "IR",
}
FEDERATION = {"GER": "DFB", "AUT": "ÖFB", "SUI": "SFV", "ENG": "FA", "ITA": "FIGC", "FRA": "FFF"}
YOUTH_AGES = (17, 18, 19, 20, 21, 23)

# German canonical names and short forms/nicknames, keyed by the enwiki/istintopuro name.
# A short form listed for several teams ("Eintracht", "Borussia") is deliberately ambiguous:
# lookups return all of them and the linker needs context to choose.
CURATED: dict[str, tuple[str | None, tuple[str, ...]]] = {
    # Germany
    "FC Bayern Munich": ("FC Bayern München", ("FC Bayern", "Bayern", "Bayern München", "FCB", "Bayern Munich")),
    "SV Werder Bremen": ("SV Werder Bremen", ("Werder Bremen", "Werder", "SVW")),
    "1. FC Kaiserslautern": ("1. FC Kaiserslautern", ("FCK", "Kaiserslautern", "FC Kaiserslautern")),
    "Bayer 04 Leverkusen": ("Bayer 04 Leverkusen", ("Bayer Leverkusen", "Leverkusen", "B04", "Werkself")),
    "Borussia Dortmund": ("Borussia Dortmund", ("BVB", "Dortmund", "BVB 09", "Borussia")),
    "Borussia Mönchengladbach": ("Borussia Mönchengladbach", ("Gladbach", "Mönchengladbach", "BMG", "Fohlenelf", "Borussia")),
    "Hamburger SV": ("Hamburger SV", ("HSV",)),
    "Schalke 04": ("FC Schalke 04", ("Schalke", "Schalke 04", "S04", "FC Schalke 04", "Königsblaue")),
    "VfB Stuttgart": ("VfB Stuttgart", ("VfB", "Stuttgart")),
    "VfL Wolfsburg": ("VfL Wolfsburg", ("Wolfsburg",)),
    "1. FSV Mainz 05": ("1. FSV Mainz 05", ("Mainz 05", "Mainz", "FSV Mainz 05", "FSV Mainz")),
    "Eintracht Frankfurt": ("Eintracht Frankfurt", ("SGE", "Frankfurt", "Eintracht")),
    "TSG 1899 Hoffenheim": ("TSG 1899 Hoffenheim", ("Hoffenheim", "TSG Hoffenheim")),
    "RB Leipzig": ("RB Leipzig", ("Leipzig", "RBL", "Rasenballsport Leipzig")),
    "Hertha BSC": ("Hertha BSC", ("Hertha", "Hertha Berlin", "Hertha BSC Berlin")),
    "1. FC Union Berlin": ("1. FC Union Berlin", ("Union Berlin", "FC Union Berlin")),
    "1. FC Köln": ("1. FC Köln", ("Köln", "FC Köln", "Effzeh")),
    "SC Freiburg": ("SC Freiburg", ("Freiburg", "SCF")),
    "FC Augsburg": ("FC Augsburg", ("Augsburg", "FCA")),
    "Hannover 96": ("Hannover 96", ("Hannover", "H96")),
    "1. FC Nürnberg": ("1. FC Nürnberg", ("Nürnberg", "FCN")),
    "SV Darmstadt 98": ("SV Darmstadt 98", ("Darmstadt", "Darmstadt 98", "Lilien")),
    "VfL Bochum": ("VfL Bochum", ("Bochum", "VfL Bochum 1848")),
    "FC St. Pauli": ("FC St. Pauli", ("St. Pauli",)),
    "Fortuna Düsseldorf": ("Fortuna Düsseldorf", ("Düsseldorf", "F95", "Fortuna")),
    "Arminia Bielefeld": ("DSC Arminia Bielefeld", ("Bielefeld", "Arminia Bielefeld", "Arminia")),
    "Karlsruher SC": ("Karlsruher SC", ("KSC", "Karlsruhe")),
    "1. FC Heidenheim 1846": ("1. FC Heidenheim", ("Heidenheim", "1. FC Heidenheim", "FC Heidenheim")),
    "FC Ingolstadt 04": ("FC Ingolstadt 04", ("Ingolstadt", "FC Ingolstadt")),
    "SC Paderborn 07": ("SC Paderborn 07", ("Paderborn", "SC Paderborn")),
    "Eintracht Braunschweig": ("Eintracht Braunschweig", ("Braunschweig", "Eintracht")),
    "F.C. Hansa Rostock": ("FC Hansa Rostock", ("Hansa Rostock", "Rostock", "Hansa")),
    "Dynamo Dresden": ("SG Dynamo Dresden", ("Dresden", "Dynamo Dresden")),
    "Holstein Kiel": ("Holstein Kiel", ("Kiel", "KSV Holstein")),
    "SpVgg Greuther Fürth": ("SpVgg Greuther Fürth", ("Greuther Fürth", "Fürth", "Kleeblatt")),
    "TSV 1860 München": ("TSV 1860 München", ("1860 München", "TSV 1860", "Sechzig", "Munich 1860")),
    "MSV Duisburg": ("MSV Duisburg", ("Duisburg", "MSV")),
    "VfL Osnabrück": ("VfL Osnabrück", ("Osnabrück",)),
    "FC Energie Cottbus": ("FC Energie Cottbus", ("Energie Cottbus", "Cottbus", "Energie")),
    "Hallescher FC": ("Hallescher FC", ("HFC", "Halle")),
    "SSV Jahn Regensburg": ("SSV Jahn Regensburg", ("Jahn Regensburg", "Regensburg", "Jahn")),
    "Würzburger Kickers": ("Würzburger Kickers", ("Würzburg",)),
    "Chemnitzer FC": ("Chemnitzer FC", ("CFC", "Chemnitz")),
    "SC Preußen Münster": ("SC Preußen Münster", ("Preußen Münster", "Münster")),
    "1. FC Magdeburg": ("1. FC Magdeburg", ("Magdeburg", "FCM")),
    "1. FC Saarbrücken": ("1. FC Saarbrücken", ("Saarbrücken", "FCS")),
    "Alemannia Aachen": ("Alemannia Aachen", ("Aachen", "Alemannia")),
    "SV Sandhausen": ("SV Sandhausen", ("Sandhausen",)),
    "FC Erzgebirge Aue": ("FC Erzgebirge Aue", ("Erzgebirge Aue", "Aue")),
    "SV Wehen Wiesbaden": ("SV Wehen Wiesbaden", ("Wehen Wiesbaden", "Wiesbaden")),
    "FSV Frankfurt": ("FSV Frankfurt", ()),
    # Austria
    "FK Austria Wien": ("FK Austria Wien", ("Austria Wien", "Austria Vienna", "FAK")),
    "SK Rapid Wien": ("SK Rapid Wien", ("Rapid Wien", "Rapid", "Rapid Vienna")),
    "FC Red Bull Salzburg": ("FC Red Bull Salzburg", ("RB Salzburg", "Red Bull Salzburg", "Salzburg", "FC Salzburg")),
    "SC Rheindorf Altach": ("SCR Altach", ("SCR Altach", "Altach", "Rheindorf Altach")),
    "SK Sturm Graz": ("SK Sturm Graz", ("Sturm Graz", "Sturm")),
    "LASK Linz": ("LASK", ("LASK", "LASK Linz")),
    "Wolfsberger AC": ("Wolfsberger AC", ("WAC", "Wolfsberg")),
    "FC Liefering": ("FC Liefering", ("Liefering",)),
    # Switzerland
    "FC Basel": ("FC Basel", ("Basel", "FCB", "FC Basel 1893")),
    "BSC Young Boys": ("BSC Young Boys", ("Young Boys", "YB")),
    "Grasshopper Club Zürich": ("Grasshopper Club Zürich", ("Grasshoppers", "GC Zürich")),
    "FC Zürich": ("FC Zürich", ("FCZ",)),
    "FC Thun": ("FC Thun", ("Thun",)),
    "FC Wohlen": ("FC Wohlen", ("Wohlen",)),
    # Italy
    "Inter Milan": ("Inter Mailand", ("Inter", "Internazionale", "Inter Mailand", "Inter Milan", "Nerazzurri")),
    "AC Milan": ("AC Mailand", ("Milan", "AC Mailand")),
    "Juventus FC": ("Juventus Turin", ("Juventus", "Juve", "Juventus Turin")),
    "Torino FC": ("FC Turin", ("Torino", "FC Turin")),
    "SSC Napoli": ("SSC Neapel", ("Napoli", "Neapel", "SSC Neapel")),
    "ACF Fiorentina": ("AC Florenz", ("Fiorentina", "AC Florenz", "Viola")),
    "AS Roma": ("AS Rom", ("Roma", "AS Rom")),
    "SS Lazio": ("Lazio Rom", ("Lazio", "Lazio Rom")),
    "Palermo F.C.": ("US Palermo", ("Palermo", "US Palermo", "US Città di Palermo")),
    "Genoa CFC": ("CFC Genua", ("Genua", "CFC Genua", "Genoa")),
    # Spain
    "Real Madrid Club de Fútbol": ("Real Madrid", ("Real Madrid", "Real", "Real Madrid CF", "Königliche")),
    "FC Barcelona": ("FC Barcelona", ("Barcelona", "Barça", "Barca")),
    "Atlético Madrid": ("Atlético Madrid", ("Atletico Madrid", "Atlético", "Atletico")),
    "Sevilla FC": ("FC Sevilla", ("Sevilla", "FC Sevilla")),
    "Valencia CF": ("FC Valencia", ("Valencia", "FC Valencia")),
    "Athletic Club": ("Athletic Bilbao", ("Athletic Bilbao", "Bilbao")),
    # France
    "Olympique de Marseille": ("Olympique Marseille", ("Olympique Marseille", "Marseille", "OM")),
    "Olympique Lyonnais": ("Olympique Lyon", ("Olympique Lyon", "Lyon")),
    "Paris Saint-Germain FC": ("Paris Saint-Germain", ("PSG", "Paris Saint-Germain", "Paris SG")),
    "OGC Nice": ("OGC Nizza", ("Nice", "OGC Nizza", "Nizza")),
    "AS Monaco FC": ("AS Monaco", ("Monaco", "AS Monaco")),
    # England / Scotland
    "Manchester United F.C.": ("Manchester United", ("Man United", "Man Utd", "ManUnited", "Red Devils")),
    "Manchester City F.C.": ("Manchester City", ("Man City", "ManCity")),
    "Liverpool F.C.": ("FC Liverpool", ("Liverpool", "FC Liverpool", "LFC")),
    "Chelsea F.C.": ("FC Chelsea", ("Chelsea", "FC Chelsea", "Chelsea FC")),
    "Arsenal F.C.": ("FC Arsenal", ("Arsenal", "FC Arsenal", "Arsenal FC", "Gunners")),
    "Everton F.C.": ("FC Everton", ("Everton", "FC Everton", "Toffees")),
    "Tottenham Hotspur F.C.": ("Tottenham Hotspur", ("Tottenham", "Spurs")),
    "West Ham United F.C.": ("West Ham United", ("West Ham",)),
    "West Bromwich Albion F.C.": ("West Bromwich Albion", ("West Brom", "WBA")),
    "Newcastle United F.C.": ("Newcastle United", ("Newcastle", "Magpies")),
    "Brighton & Hove Albion F.C.": ("Brighton & Hove Albion", ("Brighton",)),
    "Celtic F.C.": ("Celtic Glasgow", ("Celtic", "Celtic Glasgow")),
    "Rangers F.C.": ("Glasgow Rangers", ("Rangers", "Glasgow Rangers")),
    # elsewhere
    "Olympiacos F.C.": ("Olympiakos Piräus", ("Olympiakos", "Olympiacos", "Piräus", "Olympiacos Piraeus")),
    "Club Brugge K.V.": ("FC Brügge", ("Club Brügge", "FC Brügge", "Brügge", "Club Brugge")),
    "Royal Antwerp F.C.": ("Royal Antwerpen", ("Antwerpen", "Royal Antwerp", "Royal Antwerpen")),
    "R.S.C. Anderlecht": ("RSC Anderlecht", ("Anderlecht",)),
    "PSV Eindhoven": ("PSV Eindhoven", ("PSV", "Eindhoven")),
    "AFC Ajax": ("Ajax Amsterdam", ("Ajax", "Ajax Amsterdam")),
    "Feyenoord Rotterdam": ("Feyenoord Rotterdam", ("Feyenoord",)),
    "S.L. Benfica": ("Benfica Lissabon", ("Benfica", "Benfica Lissabon", "SL Benfica")),
    "Sporting CP": ("Sporting Lissabon", ("Sporting Lissabon", "Sporting Lisbon")),
    "FC Porto": ("FC Porto", ("Porto",)),
    "FC Zenit Saint Petersburg": ("Zenit St. Petersburg", ("Zenit", "Zenit St. Petersburg", "Zenit Sankt Petersburg")),
    "Spartak Moscow": ("Spartak Moskau", ("Spartak Moskau",)),
    "Galatasaray S.K.": ("Galatasaray Istanbul", ("Galatasaray", "Galatasaray Istanbul")),
    "Fenerbahçe Istanbul": ("Fenerbahçe Istanbul", ("Fenerbahçe", "Fenerbahce")),
    "Beşiktaş J.K. (Football)": ("Beşiktaş Istanbul", ("Beşiktaş", "Besiktas", "Besiktas Istanbul")),
    "Clube Atlético Mineiro": ("Atlético Mineiro", ("Atlético Mineiro", "Atletico Mineiro")),
    "LA Galaxy": ("LA Galaxy", ("Los Angeles Galaxy", "Galaxy")),
    "Los Angeles FC": ("Los Angeles FC", ("LAFC",)),
    "Toronto FC": ("Toronto FC", ("TFC",)),
    "Atlanta United FC": ("Atlanta United", ("Atlanta United",)),
    "Al Sadd Sports Club": ("Al-Sadd", ("Al Sadd", "Al-Sadd")),
    "São Paulo FC": ("FC São Paulo", ("FC São Paulo", "São Paulo", "Sao Paulo")),
    "Esbjerg fB": ("Esbjerg fB", ("Esbjerg",)),
}

LEGAL_PREFIX = re.compile(
    r"^(?:1\.\s*)?(?:FC|FSV|SV|TSV|TSG|VfL|VfB|SC|SpVgg|SSV|BV|BSC|KSV|SK|FK|AC|AS|SS|SSC|US|ACF|"
    r"RC|RCD|CD|CF|UD|SD|AFC|OGC|AJ|SG|SCR|1\.)\s+"
)
LEGAL_SUFFIX = re.compile(r"\s+(?:F\.?C\.?|A\.?F\.?C\.?|C\.?F\.?|S\.?C\.?|B\.?C\.?|K\.?V\.?|FK|BK|IF|CFC|Calcio)$")
TRAILING_NUMBER = re.compile(r"\s+\d{2}$")
TRAILING_YEAR = re.compile(r"\s+\d{4}$")
INNER_NUMBER = re.compile(r"^(\S+)\s+\d{2}\s+(\S.*)$")

# German/English names of cities with several notable clubs: never a derived short form
# ("AC Mailand" -> "Mailand" would claim Milan for one club). Curated aliases may still use them.
MULTI_CLUB_CITIES = {
    "rom", "mailand", "turin", "genua", "neapel", "lissabon", "moskau", "athen", "belgrad", "sofia",
    "bukarest", "prag", "kiew", "warschau", "istanbul", "london", "madrid", "sevilla", "glasgow",
    "manchester", "sheffield", "bristol", "nottingham", "birmingham", "brugge", "wien", "zagreb",
    "budapest", "buenos aires", "sao paulo", "rio de janeiro", "montevideo", "lima", "santiago",
    "berlin", "munchen", "hamburg", "muenchen", "munich", "vienna", "milan", "rome", "lisbon", "moscow",
    "athens", "belgrade", "prague", "kyiv", "kiev", "warsaw", "bucharest", "seville", "genoa", "naples",
}

# Words that are never a useful gazetteer pattern on their own (English and football words).
PATTERN_STOP = {
    "real", "union", "city", "united", "town", "athletic", "sporting", "national", "olympic", "rapid",
    "dynamo", "inter", "club", "team", "reading", "bury", "barrow", "nice", "wolves", "rovers",
    "wanderers", "albion", "county", "sport", "victoria", "viktoria", "fortuna", "eintracht",
    "borussia", "kickers", "germania", "concordia", "energie", "jahn", "hansa", "sturm", "austria",
    "blues", "reds", "galaxy", "celtic", "rangers", "spurs", "gunners", "magpies", "toffees",
    "viola", "halle", "arminia", "alemannia", "preussen", "jong", "young boys", "europa", "olympique",
    "vorwarts", "wacker", "sachsen", "admira", "lok", "stahl", "chemie", "motor", "einheit", "aufbau",
    "post", "polizei", "dinamo", "partizan", "red star", "roter stern", "young", "boys", "old boys",
}
PATTERN_KEEP = {"bayern"}  # "Bayern" is the state too, but in football news it is the club


# ---------------------------------------------------------------------------- helpers


def log(*args, verbose: bool = True) -> None:
    if verbose:
        print(*args, file=sys.stderr)


def team_key(name: str) -> str:
    """Identity of a team name: its normalised form (raw text if that is empty)."""
    return normalize(name) or "raw:" + name.strip().casefold()


def year(value: str) -> int | None:
    value = value.strip()
    return int(value) if value.isdigit() else None


class Team:
    __slots__ = ("id", "qid", "names", "canonical", "country", "kind", "level", "parent", "city",
                 "dissolved", "weight", "derived", "curated", "keys")

    def __init__(self, tid: str, qid: str | None = None, kind: str = "club", level: str = "senior"):
        self.id = tid
        self.qid = qid
        self.names: list[str] = []  # explicit names/aliases, in priority order
        self.canonical: str | None = None
        self.country: str | None = None
        self.kind = kind
        self.level = level
        self.parent: Team | None = None
        self.city: str | None = None
        self.dissolved = False
        self.weight = 0
        self.derived: list[str] = []
        self.curated: list[str] = []

    def add(self, *names: str) -> None:
        for n in names:
            n = re.sub(r"\s+", " ", n).strip()
            if n and n not in self.names:
                self.names.append(n)


class Registry:
    def __init__(self) -> None:
        self.teams: list[Team] = []
        self.by_key: dict[str, Team] = {}  # normalised exact name -> team (careers, clubs.tsv)
        self.by_id: dict[str, Team] = {}

    def new(self, tid: str, **kw) -> Team:
        base, n = tid, 2
        while tid in self.by_id:
            tid = f"{base}-{n}"
            n += 1
        t = Team(tid, **kw)
        self.teams.append(t)
        self.by_id[tid] = t
        return t

    def register(self, name: str, team: Team) -> None:
        key = team_key(name)
        if key and key not in self.by_key:
            self.by_key[key] = team
        team.add(name)


# ---------------------------------------------------------------------------- openfootball


class OFClub:
    __slots__ = ("name", "aliases", "city", "country", "level", "parent", "dissolved", "path")

    def __init__(self, name, city, country, level, parent, dissolved, path):
        self.name, self.city, self.country, self.level = name, city, country, level
        self.parent, self.dissolved, self.path = parent, dissolved, path
        self.aliases: list[tuple[str, str | None]] = []  # (alias, lang tag)


OF_COUNTRY = {"eng": "GB", "sco": "GB", "wal": "GB", "nir": "GB", "kos": "XK"}


def parse_openfootball(root: Path) -> list[OFClub]:
    clubs: list[OFClub] = []
    for path in sorted(root.glob("**/*.clubs.txt")):
        prefix = path.name.split(".")[0]
        country = OF_COUNTRY.get(prefix, prefix.upper())
        current: OFClub | None = None
        senior: OFClub | None = None
        for raw in path.read_text(encoding="utf-8").splitlines():
            line = re.sub(r"\s#.*$|^#.*$", "", raw).rstrip()
            s = line.strip()
            if not s or s.startswith("=") or "//" in s:
                continue
            if s.startswith("|"):
                if current is None:
                    continue
                for a in s.split("|"):
                    a = a.strip()
                    m = re.match(r"^(.*?)\s*\[([a-z]{2})\]$", a)
                    tag = None
                    if m:
                        a, tag = m.group(1).strip(), m.group(2)
                    if a:
                        current.aliases.append((a, tag))
                continue
            m = re.match(r"^([ivx]+)\)\s*(.*)$", s)
            if m:
                if senior is None:
                    continue
                name = m.group(2).split(",")[0].strip()
                if not name:
                    current = None
                    continue
                current = OFClub(name, senior.city, country, "reserve", senior, senior.dissolved, path)
                clubs.append(current)
                continue
            if raw[:1].isspace():
                continue  # address or stray indented line
            parts = [p.strip() for p in s.split(",")]
            name = parts[0]
            dissolved = bool(re.search(r"\(-\d{4}\)", name))
            name = re.sub(r"\s*\((?:-?\d{4}-?\d{0,4})\)\s*", "", name).strip()
            city = None
            for p in parts[1:]:
                if not p or p.startswith("@") or re.fullmatch(r"\d{4}", p):
                    continue
                city = re.sub(r"\s*\(.*?\)", "", p.split("›")[0]).strip() or None
            if not name:
                continue
            current = senior = OFClub(name, city, country, "senior", None, dissolved, path)
            clubs.append(current)
    return clubs


def city_keys(city: str | None) -> set[str]:
    if not city:
        return set()
    keys = {normalize(city)}
    head = re.split(r"\s(?:am|an der|an|im|in|ob|bei|upon|on)\s", city)[0]
    keys.add(normalize(head))
    return {k for k in keys if k}


# ---------------------------------------------------------------------------- common words


def common_words(ud_dir: Path) -> set[str]:
    """Casefolded German word forms used as ordinary words (not proper nouns) in UD German."""
    words: set[str] = set()
    propn: Counter[str] = Counter()
    other: Counter[str] = Counter()
    for path in sorted(ud_dir.glob("**/*.conllu")):
        with path.open(encoding="utf-8") as f:
            for line in f:
                if not line or line[0] == "#" or "\t" not in line:
                    continue
                cols = line.split("\t")
                if len(cols) < 4 or "-" in cols[0] or "." in cols[0]:
                    continue
                form = cols[1].casefold()
                if cols[3] == "PROPN":
                    propn[form] += 1
                elif cols[3] not in ("PUNCT", "NUM", "X", "SYM"):
                    other[form] += 1
    for form, n in other.items():
        if n > propn.get(form, 0):
            words.add(normalize(form))
    return words


# ---------------------------------------------------------------------------- build


def build(data_dir: Path, verbose: bool = False) -> dict:
    ist = data_dir / "istintopuro-wikidata-football"
    wd = data_dir / "wikidata-football"
    of = data_dir / "openfootball"
    for p in (ist / "players.tsv", ist / "clubs.tsv", wd / "entities.tsv", of / "clubs"):
        if not p.exists():
            raise SystemExit(f"build_kb: missing input {p} (see --data-dir)")

    reg = Registry()

    # --- clubs with QIDs (istintopuro clubs.tsv) ----------------------------------------
    with (ist / "clubs.tsv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            qid = row["qid"]
            if qid in DUPES:
                continue
            t = reg.new(qid, qid=qid, level=team_level(row["name"]))
            t.country = row["country"] or None
            t.dissolved = bool(row["dissolved_year"])
            reg.register(row["name"], t)
    with (ist / "clubs.tsv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if row["qid"] in DUPES:
                target = reg.by_id[DUPES[row["qid"]]]
                reg.register(row["name"], target)

    # --- entities.tsv clubs: labels, aliases, extra English clubs -------------------------
    wd_clubs: list[dict] = []
    wd_persons: dict[str, dict] = {}
    with (wd / "entities.tsv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            if row["kind"] == "club":
                wd_clubs.append(row)
            elif row["kind"] == "person":
                wd_persons[row["qid"]] = row

    # --- career teams ---------------------------------------------------------------------
    players: list[dict] = []
    with (ist / "players.tsv").open(encoding="utf-8") as f:
        players = list(csv.DictReader(f, delimiter="\t"))
    career_names: Counter[str] = Counter()
    career_nats: dict[str, Counter[str]] = defaultdict(Counter)
    for row in players:
        seen = set()
        nats = [n for n in row["nationality"].split(",") if n]
        for item in row["career"].split(";"):
            if item:
                name = item.split("|")[0].strip()
                if name and name not in seen:
                    seen.add(name)
                    career_names[name] += 1
                    for n in nats[:1]:
                        career_nats[name][n] += 1

    def team_for_name(name: str) -> Team:
        t = reg.by_key.get(team_key(name))
        if t is None:
            slug = slugify(name) or "u" + "-".join(f"{ord(c):x}" for c in name if not c.isspace())[:60]
            t = reg.new("kg:team/" + slug, level=team_level(name))
            reg.register(name, t)
        return t

    # extra QIDs first, so that their career strings attach to the QID
    extra_sources: list[str] = []
    for name, qid, country, source in EXTRA_CLUB_QIDS:
        key = normalize(name)
        if key in reg.by_key:
            existing = reg.by_key[key]
            if existing.qid and existing.qid != qid:
                raise SystemExit(f"build_kb: {name}: extra QID {qid} conflicts with {existing.qid}")
        t = reg.new(qid, qid=qid, level=team_level(name))
        t.country = country
        reg.register(name, t)
        extra_sources.append(f"{qid} {name}: {source}")
    for qid, name in CROSS_CHECK.items():
        t = reg.by_key.get(normalize(name))
        if t is None or t.qid != qid:
            raise SystemExit(f"build_kb: cross-check failed: {name} is {t.qid if t else None}, source says {qid}")

    # entities.tsv clubs: attach label + aliases; English EFL clubs whose career string has "F.C."
    for row in wd_clubs:
        qid = row["qid"]
        qid = DUPES.get(qid, qid)
        t = reg.by_id.get(qid)
        if t is None:
            label_key = normalize(row["label_en"])
            target = None
            for k in (label_key, label_key + " fc", label_key + " afc", "afc " + label_key):
                if k in reg.by_key and reg.by_key[k].qid is None:
                    target = reg.by_key[k]
                    break
            if target is not None:
                # re-key the career team to its QID
                del reg.by_id[target.id]
                target.id = target.qid = qid
                reg.by_id[qid] = target
                t = target
            else:
                t = reg.new(qid, qid=qid, level=team_level(row["label_en"]))
            t.country = t.country or "GB"
        reg.register(row["label_en"], t)
        if row["label_de"]:
            reg.register(row["label_de"], t)
        for a in row["aliases"].split("|"):
            a = a.strip()
            if a and "dupe" not in a and '"' not in a:
                reg.register(a, t)

    for name in sorted(career_names):
        t = team_for_name(name)
        t.weight += career_names[name]
        if t.country is None and t.kind == "club":
            # most players of a club are from its country: use a clear majority as a hint
            (nat, n), = career_nats[name].most_common(1) or [(None, 0)]
            if nat and n >= 5 and n >= 0.6 * career_names[name]:
                t.country = nat

    # --- national teams ---------------------------------------------------------------------
    for code, en, de, adj, qid, extra in NATIONS:
        iso = NATION_ISO2[code]
        fed = FEDERATION.get(code)
        senior_name = f"{en} national football team"
        t = reg.new(qid or "kg:team/" + slugify(senior_name), qid=qid, kind="national", level="senior")
        t.country = iso
        t.canonical = senior_name
        reg.register(senior_name, t)
        gen = f"{de}s" if not re.search(r"[sxz]$", de) else None
        t.add(f"{en} national team", f"{adj}e Nationalmannschaft", f"{adj}en Nationalmannschaft",
              f"{adj}e Nationalelf", f"{adj}en Nationalelf", f"{adj}e Fußballnationalmannschaft",
              f"{adj}en Fußballnationalmannschaft", f"Nationalmannschaft von {de}", *extra)
        if gen:
            t.add(f"{gen} Nationalmannschaft", f"Nationalmannschaft {gen}", f"Fußballnationalmannschaft {gen}")
        t.curated.extend([en, de] if en != de else [en])
        senior = t
        for age in YOUTH_AGES:
            name = f"{en} national under-{age} football team"
            y = reg.new("kg:team/" + slugify(name), kind="national", level=f"U{age}")
            y.country, y.canonical, y.parent = iso, name, senior
            reg.register(name, y)
            y.add(f"{en} U{age}", f"{en} U-{age}", f"{en} Under-{age}", f"{en} under-{age}s",
                  f"{de} U{age}", f"{de} U-{age}", f"{adj}e U{age}", f"{adj}en U{age}",
                  f"{adj}e U-{age}", f"{adj}en U-{age}", f"U{age} von {de}", f"U-{age} von {de}",
                  f"{adj}e U{age}-Nationalmannschaft", f"{adj}en U{age}-Nationalmannschaft",
                  f"{adj}e U-{age}-Nationalmannschaft", f"{adj}en U-{age}-Nationalmannschaft")
            if fed:
                y.add(f"{fed}-U{age}", f"{fed}-U-{age}", f"{fed} U{age}")
        name = f"{en} Olympic football team"
        o = reg.new("kg:team/" + slugify(name), kind="national", level="olympic")
        o.country, o.canonical, o.parent = iso, name, senior
        reg.register(name, o)
        o.add(f"{en} Olympic team", f"{adj}e Olympiaauswahl", f"{adj}en Olympiaauswahl",
              f"{adj}e Olympia-Auswahl", f"{adj}en Olympia-Auswahl", f"{adj}e Olympiamannschaft")

    # --- openfootball clubs ------------------------------------------------------------------
    of_clubs = parse_openfootball(of / "clubs")
    of_team: dict[int, Team] = {}
    merged = created = 0
    for club in of_clubs:
        level = "reserve" if club.level == "reserve" else team_level(club.name)
        names = [club.name] + [a for a, _ in club.aliases]
        if club.level == "reserve" and club.parent is not None and id(club.parent) in of_team:
            ptn = of_team[id(club.parent)]
            names += [f"{n} II" for n in ptn.names]
        votes: Counter[int] = Counter()
        cand: dict[int, Team] = {}
        for i, n in enumerate(names):
            t = reg.by_key.get(normalize(n))
            if t is None or t.kind != "club":
                continue
            if t.country and t.country != club.country:
                continue
            if t.level != level and not (t.level != "senior" and club.level == "reserve"):
                continue
            votes[id(t)] += 3 if i == 0 else 1
            cand[id(t)] = t
        target = None
        if votes:
            ranked = votes.most_common()
            if len(ranked) == 1 or ranked[0][1] > ranked[1][1]:
                target = cand[ranked[0][0]]
        if target is None:
            target = reg.new("kg:team/" + slugify(club.name), level=level)
            reg.register(club.name, target)
            created += 1
        else:
            merged += 1
        if club.level == "reserve" and club.parent is not None and id(club.parent) in of_team:
            target.parent = target.parent or of_team[id(club.parent)]
        target.country = target.country or club.country
        target.city = target.city or club.city
        target.dissolved = target.dissolved or club.dissolved
        of_team[id(club)] = target
        target.add(club.name)
        for a, tag in club.aliases:
            if club.dissolved and " " not in a.strip():
                continue  # "Leipzig" for the dissolved VfB Leipzig
            target.add(a)
            if (tag == "de" and target.country not in ("DE", "AT", "CH")
                    and not re.search(r"\b(?!St\.)\w{1,5}\.(?:\s|$)", a)
                    and len(a) > len(target.canonical or "")):
                target.canonical = a
    log(f"openfootball: {len(of_clubs)} clubs, {merged} merged into career/QID teams, {created} new", verbose=verbose)

    # reserve/youth teams: link to their senior team (by the name without the suffix)
    senior_by_name: dict[str, set[int]] = defaultdict(set)
    by_obj: dict[int, Team] = {}
    for t in reg.teams:
        if t.kind == "club" and t.level == "senior":
            by_obj[id(t)] = t
            for n in t.names:
                senior_by_name[normalize(n)].add(id(t))
    for t in reg.teams:
        if t.level == "senior" or t.kind != "club" or t.parent is not None:
            continue
        base = t.names[0]
        stem = re.sub(
            r"(?:\s(?:II|III|IV|B|2)|\s\"B\"|-2|\sU-?\d{2}(?:'?s)?|\sReserves?(?:\sand\sAcademy)?|\sYouth(?:\sAcademy|\sSector)?"
            r"|\sAcademy|\sCastilla|\sPrimavera|\sAmateurs?|\sAm\.?|\sAmateure)$",
            "", base, flags=re.I,
        )
        stem = re.sub(r"^Jong\s+", "", stem)
        if stem == base:
            continue
        found = [by_obj[i] for i in senior_by_name.get(normalize(stem), ())]
        found = [p for p in found if p is not t and (t.country is None or p.country in (None, t.country))]
        if len(found) > 1:
            found = sorted(found, key=lambda p: -p.weight)
            if found[0].weight < 5 * found[1].weight:
                continue
        if found:
            t.parent = found[0]

    # --- curated German names and short forms -----------------------------------------------
    missing = []
    for name, (canonical, aliases) in CURATED.items():
        t = reg.by_key.get(normalize(name))
        if t is None:
            missing.append(name)
            continue
        if canonical:
            t.canonical = canonical
            t.add(canonical)
        t.curated.extend(aliases)
    if missing:
        log("curated names not found:", missing, verbose=True)

    # an alias that is just a city with several notable clubs ("Berlin", "Hamburg", "Paris")
    # identifies none of them: drop it unless curated for that team
    notable: dict[str, list[Team]] = defaultdict(list)
    for t in reg.teams:
        if t.kind == "club" and t.level == "senior" and not t.dissolved and (t.weight >= 20 or t.qid):
            for k in city_keys(t.city):
                notable[k].append(t)
    dropped = 0
    for t in reg.teams:
        if t.kind != "club":
            continue
        curated_keys = {normalize(c) for c in t.curated}
        keep = []
        for n in t.names:
            k = normalize(n)
            if k in notable and len(notable[k]) >= 2 and k not in curated_keys and k != normalize(t.names[0]):
                dropped += 1
                continue
            keep.append(n)
        t.names = keep
    log(f"dropped {dropped} ambiguous city aliases", verbose=verbose)

    # canonical names
    for t in reg.teams:
        if t.canonical:
            continue
        t.canonical = _pick_canonical(t)

    # --- derived short forms -----------------------------------------------------------------
    explicit: dict[str, set[int]] = defaultdict(set)
    for t in reg.teams:
        for n in t.names:
            explicit[normalize(n)].add(id(t))
    curated_claims: dict[str, set[int]] = defaultdict(set)
    for t in reg.teams:
        for n in t.curated:
            curated_claims[normalize(n)].add(id(t))
    country_words = set()
    for code, en, de, adj, _q, _e in NATIONS:
        country_words |= {normalize(en), normalize(de)}
    city_clubs: dict[str, set[int]] = defaultdict(set)
    for t in reg.teams:
        if t.kind == "club" and t.level == "senior" and not t.dissolved:
            for k in city_keys(t.city):
                city_clubs[k].add(id(t))
    derived_claims: dict[str, set[int]] = defaultdict(set)
    derived_of: dict[int, list[str]] = defaultdict(list)
    for t in reg.teams:
        if t.kind != "club" or t.level != "senior":
            continue
        forms: set[str] = set()
        for n in t.names[:1] + [x for x in t.names[1:] if "." not in x.replace("1. ", "").replace("St. ", "")]:
            forms |= _derive(n)
        for d in sorted(forms):
            k = normalize(d)
            if d.split()[-1].casefold() in ("von", "of", "de", "del", "di", "da", "und", "and"):
                continue
            if k in MULTI_CLUB_CITIES:
                continue
            if " " not in d and d.endswith("er") and t.country in ("DE", "AT", "CH"):
                continue  # "Karlsruher", "Hallescher": adjectives, not names
            if len(k) < 3 or k in country_words or k in explicit and id(t) not in explicit[k]:
                continue
            if k in explicit and id(t) in explicit[k]:
                continue
            derived_claims[k].add(id(t))
            derived_of[id(t)].append(d)
    for t in reg.teams:
        for d in derived_of.get(id(t), ()):
            k = normalize(d)
            if len(derived_claims[k]) > 1:
                continue
            if k in city_clubs and city_clubs[k] - {id(t)}:
                continue  # a city with several clubs ("Frankfurt": Eintracht and FSV)
            if k in curated_claims and id(t) not in curated_claims[k]:
                continue
            t.derived.append(d)

    # reserve teams: parent's names and short forms + " II" (when the parent has one reserve team)
    reserves: dict[int, list[Team]] = defaultdict(list)
    for t in reg.teams:
        if t.level == "reserve" and t.parent is not None:
            t.country = t.country or t.parent.country
            if t.weight >= 5 or not t.weight:
                reserves[id(t.parent)].append(t)
    for t in reg.teams:
        if t.level != "reserve" or t.parent is None:
            continue
        if not re.search(r"\sII$", t.names[0]) and reserves[id(t.parent)] != [t]:
            continue
        p = t.parent
        for a in [p.canonical or ""] + p.curated + p.derived + p.names:
            if a and " II" not in a and not a.endswith(" B"):
                t.derived.append(f"{a} II")

    # --- alias index ------------------------------------------------------------------------
    team_list = reg.teams
    team_list.sort(key=lambda t: (0 if t.qid else 1, t.kind != "club", t.id))
    index_of = {id(t): i for i, t in enumerate(team_list)}
    team_keys: dict[str, list[int]] = defaultdict(list)
    aliases_out: list[list[str]] = []
    for i, t in enumerate(team_list):
        surfaces: list[str] = []
        seen: set[str] = set()
        for n in [t.canonical] + t.names + t.curated + t.derived:
            if not n:
                continue
            if n in seen:
                continue
            seen.add(n)
            surfaces.append(n)
        keyed: list[str] = []
        for n in surfaces:
            k = normalize(n)
            if not k:
                continue
            # curated short forms are claimed per team; a derived form yields to explicit names
            if n in t.derived and k in explicit and id(t) not in explicit[k]:
                continue
            if i not in team_keys[k]:
                team_keys[k].append(i)
            if n != t.canonical:
                keyed.append(n)
        aliases_out.append(keyed)

    # --- pattern blacklist --------------------------------------------------------------------
    ud = common_words(data_dir / "ud-german") if (data_dir / "ud-german").exists() else set()
    no_pattern = set()
    for k in team_keys:
        if " " not in k and ((k in ud and k not in PATTERN_KEEP) or k in PATTERN_STOP):
            no_pattern.add(k)
        elif k in PATTERN_STOP or k in country_words:
            no_pattern.add(k)  # "Deutschland" is far more often the country than the team

    # --- persons ------------------------------------------------------------------------------
    p_id: list[str] = []
    p_name: list[str] = []
    p_born: list[int | None] = []
    p_weight: list[int] = []
    p_career: list[str] = []
    known: dict[str, list[int]] = defaultdict(list)
    for row in players:
        name = re.sub(r"\s+", " ", row["name"])
        name = re.sub(r"\s*\((?:football|footballer|soccer)[^)]*\)\s*", "", name).strip()
        name = re.sub(r"\s*\([^)]*\)\s*$", "", name).strip() or row["name"]
        items = []
        apps_total = 0
        for item in row["career"].split(";"):
            if not item:
                continue
            parts = item.split("|")
            if not parts[0].strip():
                continue
            team = reg.by_key[team_key(parts[0].strip())]
            start = year(parts[1]) if len(parts) > 1 else None
            end = year(parts[2]) if len(parts) > 2 else None
            apps = year(parts[3]) if len(parts) > 3 else None
            apps_total += apps or 0
            loan = len(parts) > 5 and parts[5] == "loan"
            items.append(f"{index_of[id(team)]}:{start or ''}:{end or ''}" + (":L" if loan else ""))
        known[normalize(name)].append(len(p_id))
        p_id.append(row["qid"])
        p_name.append(name)
        p_born.append(year(row["birth_year"]))
        p_weight.append(apps_total)
        p_career.append(";".join(items))
    have = set(p_id)
    for qid, row in sorted(wd_persons.items()):
        if qid not in have:
            known[normalize(row["label_en"])].append(len(p_id))
            p_id.append(qid)
            p_name.append(row["label_en"])
            p_born.append(None)
            p_weight.append(0)
            p_career.append("")

    # 2023-24 squads: players that istintopuro lacks (mostly Austrian Bundesliga)
    squad_added = 0
    alias_lookup = {k: v for k, v in team_keys.items()}
    for league_dir in ("deutschland", "austria", "england"):
        for path in sorted((of / league_dir).glob("2023-24/squads/*.txt")):
            lines = path.read_text(encoding="utf-8").splitlines()
            head = next((x for x in lines if x.startswith("=")), "")
            team_name = re.sub(r"^=\s*", "", head).split(" - ")[0].strip()
            tidx = _unique_team(alias_lookup, team_list, team_name, SQUAD_COUNTRY[league_dir])
            if tidx is None:
                log(f"squad team not resolved: {team_name} ({path.name})", verbose=True)
                continue
            for line in lines:
                m = re.match(r"^\s*\d*,\s*(.+?)\s*(?:\(([A-Z]{3})\))?,\s*([A-Z]{2}),\s*b\.\s*(\d{4}),\s*(.*)$", line)
                if not m:
                    continue
                name, _nat, _pos, born_s, prev = m.groups()
                name = re.sub(r"\s+", " ", name).strip()
                born = int(born_s)
                k = normalize(name)
                if any(p_born[j] is None or abs((p_born[j] or 0) - born) <= 1 for j in known.get(k, ())):
                    continue
                items = []
                prev_idx = _unique_team(alias_lookup, team_list, prev.strip(), None) if prev.strip() else None
                if prev_idx is not None and prev_idx != tidx:
                    items.append(f"{prev_idx}::2023")
                items.append(f"{tidx}:2023:")
                known[k].append(len(p_id))
                p_id.append(f"kg:person/{slugify(name)}-{born}")
                p_name.append(name)
                p_born.append(born)
                p_weight.append(0)
                p_career.append(";".join(items))
                squad_added += 1
    log(f"persons: {len(p_id)} ({squad_added} from 2023-24 squads)", verbose=verbose)
    if len(set(p_id)) != len(p_id):
        dup = [x for x, n in Counter(p_id).items() if n > 1]
        raise SystemExit(f"build_kb: duplicate person ids {dup[:5]}")

    for key, idx in known.items():
        if " " in key and all(tok in ud for tok in key.split()):
            no_pattern.add(key)
    if any("\n" in c for c in p_career + p_name + p_id):
        raise SystemExit("build_kb: newline in a person column")

    teams_out = {
        "id": [t.id for t in team_list],
        "name": [t.canonical for t in team_list],
        "country": [t.country for t in team_list],
        "kind": [t.kind for t in team_list],
        "level": [t.level for t in team_list],
        "parent": [index_of[id(t.parent)] if t.parent is not None else -1 for t in team_list],
        "weight": [t.weight for t in team_list],
        "aliases": aliases_out,
    }
    return {
        "format": KB_FORMAT,
        "version": KB_VERSION,
        "built": "scripts/build_kb.py",
        "sources": [
            "istintopuro-wikidata-football (github:marcocosta97/istintopuro@500ba5be3984): players.tsv, clubs.tsv",
            "wikidata-football/entities.tsv (verified QIDs)",
            "openfootball clubs @ ae3800227c44, 2023-24 squads (deutschland @ 0bf93bbeb01d, austria @ 64d3d92a5571, england @ 1303dcb3cae7)",
            "UD German GSD/PUD word forms (only to keep common words out of gazetteer patterns)",
            *extra_sources,
            f"national team QIDs: {_POSS_NATIONAL} ; {_UNDEF}",
        ],
        "teams": teams_out,
        "team_keys": dict(sorted(team_keys.items())),
        "no_pattern": sorted(no_pattern),
        # person columns as newline-joined strings: one JSON string parses much faster
        # than 63,000 small ones
        "persons": {
            "id": "\n".join(p_id),
            "name": "\n".join(p_name),
            "key": "\n".join(normalize(n) for n in p_name),
            "surnames": "\n".join("|".join(surname_keys(n)) for n in p_name),
            "born": p_born,
            "weight": p_weight,
            "career": "\n".join(p_career),
        },
    }


SQUAD_COUNTRY = {"deutschland": "DE", "austria": "AT", "england": "GB"}


def _unique_team(team_keys: dict[str, list[int]], teams: list[Team], name: str, country: str | None) -> int | None:
    idx = team_keys.get(normalize(name), [])
    same = [i for i in idx if teams[i].kind == "club" and teams[i].level == team_level(name)]
    if country and len(same) > 1:
        same = [i for i in same if teams[i].country == country]
    if len(same) == 1:
        return same[0]
    return None


def _derive(name: str) -> set[str]:
    """Short forms of a club name by general rules (legal prefixes/suffixes, year numbers)."""
    out: set[str] = set()
    frontier = {name}
    for _ in range(3):
        nxt: set[str] = set()
        for n in frontier:
            for rule in (LEGAL_PREFIX, LEGAL_SUFFIX, TRAILING_NUMBER):
                m = rule.sub("", n).strip()
                if m and m != n:
                    nxt.add(m)
            if len(n.split()) >= 3:  # "1. FC Heidenheim 1846", but not "Munich 1860"
                m = TRAILING_YEAR.sub("", n).strip()
                if m != n:
                    nxt.add(m)
            m = INNER_NUMBER.match(n)
            if m and not re.match(r"^(?:1\.|TSV)$", m.group(1)):
                nxt.add(f"{m.group(1)} {m.group(2)}")
        nxt -= out
        out |= nxt
        frontier = nxt
    return {d for d in out if re.search(r"[A-Za-zÄÖÜäöüß]{3}", d) and not LEGAL_PREFIX.match(d + " ")}


def _pick_canonical(t: Team) -> str:
    names = t.names
    if not names:
        return t.id
    if t.kind == "club" and t.country in ("DE", "AT", "CH"):
        # prefer "<legal prefix> <openfootball name>" ("SV Werder Bremen"), else a name
        # without abbreviations
        for n in names:
            for m in names:
                if m != n and m.endswith(" " + n) and LEGAL_PREFIX.match(m[: -len(n)]):
                    return m
        for n in names:
            if not re.search(r"\b\w{1,4}\.\s|'", n.replace("1. ", "").replace("St. ", "")):
                return n
    return names[0]


def write(data: dict, out: Path) -> int:
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(payload)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(buf.getvalue())
    return len(buf.getvalue())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--data-dir", type=Path, default=REPO.parent / "shared" / "data")
    ap.add_argument("--out", type=Path, default=REPO / "src" / "kickgraph" / "data" / "kb.json.gz")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args(argv)
    data = build(args.data_dir.resolve(), verbose=args.verbose)
    size = write(data, args.out)
    t, pids = data["teams"], data["persons"]["id"].split("\n")
    print(
        f"wrote {args.out} ({size / 1e6:.2f} MB): {len(pids)} persons "
        f"({sum(1 for x in pids if x.startswith('Q'))} with QID), {len(t['id'])} teams "
        f"({sum(1 for x in t['id'] if x.startswith('Q'))} with QID), {len(data['team_keys'])} team alias keys"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
