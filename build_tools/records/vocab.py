"""Controlled vocabularies: each maps the value written in a record to the label shown to readers.

Add values freely; never rename or remove one that records use (it is part of the data format).
"""

SOURCE_TYPES = {
    "ngo-report": "NGO report",
    "news-article": "News article",
    "official-data": "Official data",
    "imagery-analysis": "Satellite imagery analysis",
    "academic": "Academic work",
    "book": "Book",
    "reference-standard": "Reference standard",
    "gazetteer": "Gazetteer (place names and coordinates)",
    "government-report": "Government report",
    "court-document": "Court document",
    "other": "Other",
}
RELIABILITY = {
    "high": "High",
    "moderate": "Moderate",
    "low": "Low",
    "unassessed": "Not yet assessed",
}
WITNESS_ROLES = {
    "former-prisoner": "Former prisoner",
    "former-prosecutor": "Former prosecutor",
    "former-police-officer": "Former police officer",
    "former-ssd-agent": "Former State Security Department agent",
    "former-customs-officer": "Former customs officer",
    "former-guard": "Former guard",
    "family-member": "Family member of a prisoner",
    "reporting-network-source": "Source in a news outlet's reporting network",
    "other": "Other",
}
MEASURES = {
    "annual-mortality-rate": "Annual mortality rate",
    "deaths": "Deaths",
    "inmate-population": "Inmate population",
    "share-of-inmates-women": "Share of inmates who are women",
    "production-volume": "Production volume",
    "share-of-production": "Share of production",
    "share-of-exports": "Share of exports",
    "export-value": "Value of exports",
    "revenue": "Revenue",
    "daily-working-hours": "Daily working hours",
    "number-of-work-teams": "Number of work teams",
    "number-of-companies": "Number of companies",
    "number-of-witnesses": "Number of witnesses",
    "duration": "Duration",
}
UNITS = {
    "percent": "%",
    "people": "people",
    "deaths": "deaths",
    "wigs": "wigs",
    "items": "items",
    "usd": "US dollars",
    "hours": "hours",
    "teams": "teams",
    "companies": "companies",
    "years": "years",
    "months": "months",
    "days": "days",
}
BASES = {
    "estimate": "Estimate",
    "customs-data": "Customs data",
    "testimony": "Testimony",
    "official-statistics": "Official statistics",
    "count": "Count",
    "archive-calculation": "The archive's own calculation from other figures",
    "unspecified": "Not stated",
}
STATISTICS = {"average": "average", "total": "total"}
CAMP_TYPES = {
    "kyohwaso": "Correctional camp (kyohwaso)",
    "kwanliso": "Political prison camp (kwanliso)",
    "labour-training-camp": "Labour training camp",
    "holding-centre": "Holding centre",
    "other": "Other",
}
ORG_TYPES = {
    "ministry": "Ministry",
    "bureau": "Bureau",
    "state-trading-company": "State trading company",
    "chinese-firm": "Chinese firm",
    "company": "Company",
    "ngo": "Non-governmental organization",
    "news-media": "News media",
    "research-organization": "Research organization",
    "government-agency": "Government agency",
    "international-organization": "International organization",
    "other": "Other",
}
PLACE_TYPES = {
    "country": "Country",
    "province": "Province",
    "city": "City",
    "county": "County",
    "special-economic-zone": "Special economic zone",
    "region": "Region",
    "marketplace": "Marketplace",
}
PRECISIONS = {
    "exact": "exact point",
    "approximate": "approximate point",
    "area": "general area only",
    "unknown": "not known",
}
MECHANISMS = {
    "raw-material-supply": "Supply of raw materials",
    "outsourcing": "Outsourced production",
    "export": "Export",
    "outward-processing-trade": "Outward processing trade",
    "final-processing": "Final processing",
    "relabelling": "Relabelling of origin",
    "online-sale": "Sale on online platforms",
    "partnership": "Business partnership",
    "production-order": "Production orders",
    "other": "Other",
}
# Legs between partners, a relation with no direction (production orders have one: the bureau gives
# them): drawn as a line joining the two, with no arrowhead.
PARTNERSHIPS = frozenset({"partnership"})
STANCES = {
    "corroborates": "Corroborates",
    "corroborates-in-part": "Corroborates in part",
    "contradicts": "Contradicts",
    "contradicts-in-part": "Contradicts in part",
}
CORRECTIONS = {
    "corrected": "Corrected",
    "partly-retracted": "Partly retracted",
    "retracted": "Retracted",
}
# What a content note warns of, in the words shown to readers before a testimony: "This testimony
# describes beatings and deaths."
CONTENT_NOTES = {
    "violence": "physical violence",
    "beatings": "beatings",
    "torture": "torture",
    "sexual-violence": "sexual violence",
    "executions": "executions",
    "deaths": "the deaths of people held",  # not "deaths": the unit of that name is a counter in Korean
    "starvation": "starvation",
    "illness-and-injury": "untreated illness and injury",
    "abuse": "abuse",
}
INPUT_USES = {
    "value": "its value",
    "period-years": "the length of its period, in years",
}
STRENGTHS = {  # how well a step of an export route is evidenced
    "corroborated": "two or more independent sources",
    "single": "one source",
    "uncited": "no cited evidence",
}
