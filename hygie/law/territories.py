"""France's territories, by time zone, and their public holidays.

France lives in twelve time zones. Each territory is known here by its IANA
zone (the choices of an organisation's time zone): its name as people say it
(« heure de la Martinique ») and its public holidays, as the `holidays`
package's subdivision of France. National holidays (code du travail L3133-1)
hold everywhere; each overseas territory adds its own, among them the
commemoration of the abolition of slavery (loi n° 83-550 du 30 juin 1983
and the décrets that set its dates, n° 83-1003 du 23 novembre 1983 first): 27 April in Mayotte, 22 May in
Martinique, 27 May in Guadeloupe, 28 May in Saint-Martin, 10 June in Guyane,
9 October in Saint-Barthélemy, 20 December in La Réunion. The legal clocks
count working days in the territory of the zone their times are given in.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import tzinfo


@dataclass(frozen=True)
class Territory:
    zone: str  # IANA name, as stored in an organisation's time zone
    time_name: str  # « heure de la Martinique »
    # The territory's public holidays: the subdivision of the `holidays`
    # package's France, "" for metropolitan France (its national holidays).
    holidays: str


METROPOLE = Territory("Europe/Paris", "heure de Paris", "")
TERRITORIES = {
    t.zone: t
    for t in (
        METROPOLE,
        Territory("America/Guadeloupe", "heure de la Guadeloupe", "971"),
        Territory("America/Martinique", "heure de la Martinique", "972"),
        Territory("America/Cayenne", "heure de la Guyane", "973"),
        Territory("Indian/Reunion", "heure de La Réunion", "974"),
        Territory("Indian/Mayotte", "heure de Mayotte", "976"),
        Territory("America/Miquelon", "heure de Saint-Pierre-et-Miquelon", "PM"),
        Territory("America/St_Barthelemy", "heure de Saint-Barthélemy", "BL"),
        Territory("America/Marigot", "heure de Saint-Martin", "MF"),
        Territory("Pacific/Noumea", "heure de la Nouvelle-Calédonie", "NC"),
        Territory("Pacific/Tahiti", "heure de Tahiti", "PF"),
        Territory("Pacific/Wallis", "heure de Wallis-et-Futuna", "WF"),
    )
}


def territory(tz: tzinfo | None) -> Territory:
    """The territory whose zone `tz` is; metropolitan France for any other.

    Guadeloupe, Saint-Barthélemy and Saint-Martin share their clock but not
    their holidays: a territory is told by the zone's name, which ZoneInfo
    keeps, not by its offsets.
    """
    key = getattr(tz, "key", None)
    if key in TERRITORIES:
        return TERRITORIES[key]
    if key is None or key == METROPOLE.zone:
        return METROPOLE
    return Territory(key, f"heure de {key}", "")
