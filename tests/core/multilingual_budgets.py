"""Budget lines in many allies' languages with the classification DOMAIN.md gives them.

Written by hand from DOMAIN.md (the NATO definition, the 1.5% list, the COFOG table), not from
the rulebook: each entry is (COFOG code or "", organisation, description, expected), where
expected is "core", "security", "not_counted" or "core/<sub-category key>" etc., or None for a
line DOMAIN.md leaves to judgement (police in general): the rulebook must leave it alone.
"""
from __future__ import annotations

import numpy as np

from nato_planner.core.budget import Budget, LineColumns

# --- lines that carry a COFOG code (descriptions deliberately uninformative) --------------
COFOG_LINES = [
    ("02.1", "", "Programme 101", "core"),
    ("0210", "", "Chapter 14 01", "core"),
    ("GF0201", "", "Item A-17", "core"),
    ("02.2", "", "Programme 102", "security/civil_preparedness"),
    ("022", "", "Programme 103", "security/civil_preparedness"),
    ("02.3", "", "Programme 104", "core"),
    ("02.3", "", "Military aid to Ukraine", "core/ukraine"),
    ("02.4", "", "Programme 105", "core"),
    ("02.5", "", "Programme 106", "core"),
    ("10.2", "", "Military pensions", "core/personnel"),
    ("10.2", "", "Pensions des militaires retraités", "core/personnel"),
    ("03.2", "", "Programme 107", "security/civil_preparedness"),
    ("04.3", "", "Programme 108", "security/critical_infrastructure"),
    ("04.5", "", "Programme 109", "security/military_mobility"),
    ("04.6", "", "Programme 110", "security/networks_cyber"),
    ("04.8", "", "Programme 111", "security/innovation"),
    ("01.4", "", "Programme 112", "security/innovation"),
    ("04.4", "", "Programme 113", "security/industrial_base"),
    ("01.2", "", "Programme 114", "not_counted"),
    ("07.3", "", "Hospital services", "not_counted"),
    ("09.1", "", "Primary schools", "not_counted"),
    ("03.1", "", "Police services", None),
    ("02.1", "", "Procurement of frigates", "core/equipment"),
    ("02.1", "", "Besoldung der Berufssoldaten", "core/personnel"),
]

# --- descriptions only, several languages ------------------------------------------------
DESCRIPTION_LINES = [
    # English
    ("", "", "Pay and allowances of soldiers", "core/personnel"),
    ("", "", "Acquisition of F-35 combat aircraft", "core/equipment"),
    ("", "", "Construction of new barracks", "core/infrastructure"),
    ("", "", "Contribution to UN peacekeeping operations", "core/operations"),
    ("", "", "Pensions paid to military retirees", "core/personnel"),
    ("", "", "Civil protection agency", "security/civil_preparedness"),
    ("", "", "National cyber security centre", "security/networks_cyber"),
    ("", "", "Official development assistance", "not_counted"),
    ("", "", "Coast guard operations", "core"),
    ("", "", "Local police patrols", None),
    # French
    ("", "", "Rémunérations des militaires", "core/personnel"),
    ("", "", "Acquisition de munitions de gros calibre", "core/equipment"),
    ("", "", "Opérations extérieures (OPEX)", "core/operations"),
    ("", "", "Infrastructures militaires et casernes", "core/infrastructure"),
    ("", "", "Sécurité civile et sapeurs-pompiers", "security/civil_preparedness"),
    ("", "", "Protection des infrastructures critiques", "security/critical_infrastructure"),
    ("", "", "Aide publique au développement", "not_counted"),
    ("", "", "Gendarmerie nationale - personnels", "core"),
    # German
    ("", "", "Beschaffung von Munition", "core/equipment"),
    ("", "", "Kasernenneubau Standort Nord", "core/infrastructure"),
    ("", "", "Zivilschutz und Katastrophenhilfe", "security/civil_preparedness"),
    ("", "", "Auslandseinsätze der Bundeswehr", "core/operations"),
    ("", "", "Versorgungsbezüge der Berufssoldaten", "core/personnel"),
    ("", "", "Entwicklungszusammenarbeit mit Partnerländern", "not_counted"),
    ("", "", "Schutz kritischer Infrastrukturen", "security/critical_infrastructure"),
    # Dutch
    ("", "", "Bezoldiging militairen", "core/personnel"),
    ("", "", "Vervanging fregatten", "core/equipment"),
    ("", "", "Bijdrage aan vredesmissies", "core/operations"),
    ("", "", "Ontwikkelingssamenwerking", "not_counted"),
    # Danish / Norwegian / Swedish / Icelandic
    ("", "", "Anskaffelse af kampfly", "core/equipment"),
    ("", "", "Hjemmeværnet drift", "core"),
    ("", "", "Forsvarsmateriell - ammunisjon", "core/equipment"),
    ("", "", "Sivilforsvaret", "security/civil_preparedness"),
    ("", "", "Försvarsmaktens förbandsverksamhet", "core"),
    ("", "", "Civilt försvar - skyddsrum", "security/civil_preparedness"),
    ("", "", "Landhelgisgæslan", "core"),
    # Finnish
    ("", "", "Puolustusvoimien toimintamenot", "core"),
    ("", "", "Puolustusmateriaalihankinnat", "core/equipment"),
    ("", "", "Sotilaallinen kriisinhallinta", "core/operations"),
    ("", "", "Rajavartiolaitoksen toimintamenot", "core"),
    # Polish
    ("", "", "Uposażenia żołnierzy zawodowych", "core/personnel"),
    ("", "", "Zakup amunicji artyleryjskiej", "core/equipment"),
    ("", "", "Obrona cywilna", "security/civil_preparedness"),
    ("", "", "Straż Graniczna", "core"),
    ("", "", "Emerytury wojskowe", "core/personnel"),
    # Italian / Spanish / Portuguese
    ("", "", "Ammodernamento dei sistemi d'arma", "core/equipment"),
    ("", "", "Missioni internazionali delle Forze armate", "core/operations"),
    ("", "", "Protezione civile nazionale", "security/civil_preparedness"),
    ("", "", "Programas especiales de modernización de las Fuerzas Armadas", "core/equipment"),
    ("", "", "Retribuciones del personal militar", "core/personnel"),
    ("", "", "Ayuda humanitaria", "not_counted"),
    ("", "", "Lei de Programação Militar - fragatas", "core/equipment"),
    ("", "", "Forças Nacionais Destacadas", "core/operations"),
    # Baltic
    ("", "", "Kaitseväe laskemoon", "core/equipment"),
    ("", "", "Kaitseliidu tegevus", "core"),
    ("", "", "Nacionālo bruņoto spēku uzturēšana", "core"),
    ("", "", "Valsts robežsardzes darbība", "core"),
    ("", "", "Lietuvos kariuomenės ginkluotė", "core/equipment"),
    ("", "", "Karių darbo užmokestis", "core/personnel"),
    # more
    ("", "", "Military aid to Ukraine", "core/ukraine"),
    ("", "", "Wsparcie wojskowe dla Ukrainy", "core/ukraine"),
    ("", "", "Militärische Unterstützung der Ukraine", "core/ukraine"),
    ("", "", "Humanitarian aid to Ukraine", "not_counted"),
    ("", "", "Defence industrial base: ammunition production capacity", "security/industrial_base"),
    ("", "", "Military mobility: reinforcement of rail bridges", "security/military_mobility"),
    ("", "", "Police in general", None),
    ("", "", "Road maintenance", None),
]

# --- the organisation says it ----------------------------------------------------------------
ORGANISATION_LINES = [
    ("", "Ministry of Defence", "Programme 201", "core"),
    ("", "Ministère des Armées", "Programme 178", "core"),
    ("", "Bundesministerium der Verteidigung", "Titel 551 01", "core"),
    ("", "Ministerstwo Obrony Narodowej", "Rozdział 75204", "core"),
    ("", "Ministry of Health", "Programme 301", None),
]



def budget_of(lines: list[tuple]) -> Budget:
    n = len(lines)
    return Budget(LineColumns(
        years=[2026], amounts=np.full((n, 1), 1.0e6), codes=[f"L{i:03d}" for i in range(n)],
        descriptions=[line[2] for line in lines], organisations=[line[1] for line in lines],
        cofog=[line[0] for line in lines]), {2026: 1.0e9})


# --- a second set, phrased as budgets phrase them (programme titles, ministries' chapters) ---
BUDGET_TITLE_LINES = [
 ("", "", "Salaries of servicemen and women", "core/personnel"),
 ("", "", "Purchase of main battle tanks", "core/equipment"),
 ("", "", "Air Force flight hours and fuel", "core"),
 ("", "", "Navy ship maintenance", "core"),
 ("", "", "Army reserve training", "core"),
 ("", "", "Contribution to NATO common funding", "core"),
 ("", "", "Military hospital", "core"),
 ("", "", "Ministry of Defence headquarters administration", "core"),
 ("", "", "Pensions for retired military personnel", "core/personnel"),
 ("", "", "Donation of equipment to Ukraine", "core/ukraine"),
 ("", "", "Cyber defence of government networks", "security/networks_cyber"),
 ("", "", "Civil emergency planning", "security/civil_preparedness"),
 ("", "", "National emergency stockpiles", "security/civil_preparedness"),
 ("", "", "Primary schools", None),
 ("", "", "Hospitals", None),
 ("", "", "Crédits de la mission Défense", "core"),
 ("", "", "Programme 146 Équipement des forces", "core/equipment"),
 ("", "", "Programme 178 Préparation et emploi des forces", "core"),
 ("", "", "Programme 212 Soutien de la politique de la défense", "core"),
 ("", "", "Programme 161 Sécurité civile", "security/civil_preparedness"),
 ("", "", "Programme 209 Solidarité à l'égard des pays en développement", None),
 ("", "", "Militärische Beschaffungen", "core/equipment"),
 ("", "", "Verteidigungsausgaben, Personal", "core"),
 ("", "", "Unterbringung der Streitkräfte", "core"),
 ("", "", "Bevölkerungsschutz und Katastrophenhilfe", "security/civil_preparedness"),
 ("", "", "Beiträge zur NATO", None),
 ("", "", "Defensie: personele uitgaven", "core/personnel"),
 ("", "", "Defensie: investeringen in materieel", "core/equipment"),
 ("", "", "Nationale Politie", None),
 ("", "", "Forsvarets driftsudgifter", "core"),
 ("", "", "Forsvarets investeringer i materiel", "core/equipment"),
 ("", "", "Beredskabsstyrelsen", "security/civil_preparedness"),
 ("", "", "Forsvarsbygg – nybygg og nyanlegg", "core/infrastructure"),
 ("", "", "Politiet", None),
 ("", "", "Försvarsmaktens materielanskaffning", "core/equipment"),
 ("", "", "Myndigheten för samhällsskydd och beredskap", "security/civil_preparedness"),
 ("", "", "Puolustusvoimien toimintamenot", "core"),
 ("", "", "Puolustusmateriaalihankinnat", "core/equipment"),
 ("", "", "Poliisin toimintamenot", None),
 ("", "", "Wydatki majątkowe na modernizację techniczną Sił Zbrojnych", "core/equipment"),
 ("", "", "Uposażenia żołnierzy", "core/personnel"),
 ("", "", "Policja", None),
 ("", "", "Spese per l'ammodernamento delle Forze armate", "core"),
 ("", "", "Arma dei Carabinieri - funzionamento", "core"),
 ("", "", "Protezione civile", "security/civil_preparedness"),
 ("", "", "Gastos de personal del Ministerio de Defensa", "core/personnel"),
 ("", "", "Programas especiales de modernización", "core/equipment"),
 ("", "", "Despesas com pessoal das Forças Armadas", "core/personnel"),
 ("", "", "Kaitseministeeriumi valitsemisala kulud", "core"),
 ("", "", "Kaitseväe relvastuse soetamine", "core/equipment"),
 ("", "", "Päästeameti kulud", "security/civil_preparedness"),
 ("", "", "Nacionālo bruņoto spēku attīstība", "core"),
 ("", "", "Valsts robežsardze", "core"),
 ("", "", "Krašto apsaugos ministerijos išlaidos", "core"),
 ("", "", "Lietuvos kariuomenės ginkluotės įsigijimas", "core/equipment"),
 ("", "", "Priešgaisrinės apsaugos ir gelbėjimo departamentas", "security/civil_preparedness"),
 ("", "", "Výdaje na obranu – Armáda České republiky", "core"),
 ("", "", "Apărare națională – cheltuieli de personal", "core/personnel"),
 ("", "", "Honvédelmi Minisztérium fejezet", "core"),
 ("", "", "Εθνική Άμυνα – εξοπλιστικά προγράμματα", "core/equipment"),
 ("", "", "Milli Savunma Bakanlığı personel giderleri", "core/personnel"),
 ("", "", "Министерство на отбраната – издръжка", "core"),
 ("", "", "Ministarstvo obrane – nabava opreme", "core/equipment"),
 ("", "", "Ministrstvo za obrambo – plače", "core/personnel"),
 ("", "", "Ministria e Mbrojtjes – shpenzime personeli", "core/personnel"),
 ("02.1", "", "Ausgaben 2026", "core"),
 ("02.2", "", "Crédits", "security/civil_preparedness"),
 ("10.2", "", "Pensions of civil servants", "not_counted"),
 ("04.5", "", "Rail infrastructure upgrades on military corridor", "security/military_mobility"),
 ("07.1", "", "Medicines", "not_counted"),
 ("01.2", "", "Economic aid to partner countries", "not_counted"),
 ("03.1", "", "Border guard", "core"),
]

ALL_LINES = COFOG_LINES + DESCRIPTION_LINES + ORGANISATION_LINES + BUDGET_TITLE_LINES
