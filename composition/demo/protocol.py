"""The demo's protocol: a UK delegation, a Japanese delegation and observers in each
edition, the seed's speakers placed as their organisers would place them, and where
the fictional delegates stand. Precedence categories are the default UK–Japan order
(``protocol.defaults``), named here by their English names."""

from composition.demo.records import DelegationRecord, PlacementRecord

MINISTER = "Minister"
PARLIAMENTARIAN = "Member of Parliament / Diet member"
FOUR_STAR = "Four-star officer"
THREE_STAR = "Three-star officer"
DIRECTOR_GENERAL = "Director-General"
DEPUTY_DIRECTOR_GENERAL = "Deputy Director-General / Minister at an embassy"
DIRECTOR = "Director / Colonel"
EXPERT = "Expert (academia, think tanks, industry)"
OTHERS = "Others"


def delegations(*, uk_target: int, japan_target: int) -> tuple[DelegationRecord, ...]:
    """The three sides of an edition: the host country's delegation is shown first."""
    return (
        DelegationRecord(
            key="japan",
            name_en="Japanese delegation",
            name_ja="日本代表団",
            country="JP",
            order=1,
            colour="#bc002d",
            target=japan_target,
        ),
        DelegationRecord(
            key="uk",
            name_en="United Kingdom delegation",
            name_ja="英国代表団",
            country="GB",
            order=2,
            colour="#012169",
            target=uk_target,
        ),
        DelegationRecord(
            key="observers",
            name_en="Observers",
            name_ja="オブザーバー",
            side="observers",
            order=3,
            colour="#f2c14e",
        ),
    )


# The seed's speakers, as the organisers place them. The heads of delegation are the
# most senior of each side: Mr Onodera, a Diet member and former Minister of Defence,
# and the serving Chief of the Air Staff. A retired officer comes after a serving one
# of the same grade; the Deputy Vice-Minister (a bureau's director-general at MOFA)
# before the police director-general. Mr Yoneda, from the police, asked not to be
# listed in the participant list.
SPEAKER_PLACES = (
    PlacementRecord(
        speaker="itsunori-onodera",
        delegation="japan",
        precedence=PARLIAMENTARIAN,
        head=True,
        sector="parliament",
    ),
    PlacementRecord(
        speaker="kimihiro-ishikane",
        delegation="japan",
        precedence=DIRECTOR_GENERAL,
        rank=1,
        sector="diplomatic",
    ),
    PlacementRecord(
        speaker="umio-otsuka", delegation="japan", precedence=THREE_STAR, sector="military"
    ),
    PlacementRecord(
        speaker="shigeo-yoneda",
        delegation="japan",
        precedence=DIRECTOR_GENERAL,
        rank=2,
        list_consent=False,
        sector="government",
    ),
    PlacementRecord(
        speaker="stephen-hillier",
        delegation="uk",
        precedence=FOUR_STAR,
        rank=1,
        head=True,
        sector="military",
    ),
    PlacementRecord(
        speaker="richard-barrons", delegation="uk", precedence=FOUR_STAR, rank=2, sector="military"
    ),
)


def delegation_for(nationality: str) -> str:
    """Fictional delegates sit with their country's delegation; anyone else observes."""
    return {"JP": "japan", "GB": "uk"}.get(nationality, "observers")


def category_for(sector: str) -> str:
    return "press" if sector == "media" else "delegate"


def precedence_for(sector: str, honorific: str, index: int) -> str:
    """A fictional delegate's category in the order of precedence, from what they do."""
    if sector == "government":
        return (DIRECTOR_GENERAL, DEPUTY_DIRECTOR_GENERAL, DIRECTOR)[index % 3]
    if sector == "diplomatic":
        return DEPUTY_DIRECTOR_GENERAL if index % 2 else DIRECTOR
    if sector == "military":
        return DIRECTOR if honorific in ("Colonel", "Captain") else OTHERS
    if sector in ("industry", "academia", "think_tank"):
        return EXPERT
    return OTHERS  # parliamentary staff, the press
