"""The default order of precedence for a UK–Japan dialogue, in English and Japanese.

Drawn up as the two foreign ministries' protocol offices rank guests at a bilateral
meeting: members of the government, then parliamentarians, then senior officials
and officers by grade, each officer grade beside its civilian equivalent; experts
from academia, think tanks and industry after the officials; everyone else last.
Officers of every service and country are ranked by their grade's stars; Japan's
Self-Defense Forces ranks go by their usual equivalents (the chiefs of staff as
four-star, 将 as three-star, 将補 as two-star, 1佐 with colonels).
Organisers edit it in the admin; ``manage.py load_default_precedence`` creates it.
"""

# (order, English, Japanese). Gaps of ten leave room for a category in between.
DEFAULT_PRECEDENCE = [
    (10, "Minister", "大臣"),
    (20, "Member of Parliament / Diet member", "国会議員"),
    (30, "Vice-Minister / Permanent Secretary", "副大臣・事務次官級"),
    (40, "Ambassador", "大使"),
    (50, "Four-star officer", "大将級"),
    (60, "Three-star officer", "中将級"),
    (70, "Director-General", "局長級"),
    (80, "Two-star officer", "少将級"),
    (90, "Deputy Director-General / Minister at an embassy", "審議官・公使級"),
    (100, "One-star officer", "准将級"),
    (110, "Director / Colonel", "課長・大佐級"),
    (120, "Expert (academia, think tanks, industry)", "有識者（学界・シンクタンク・産業界）"),
    (130, "Others", "その他"),
]
