"""What the demo takes from the 2016 event page: the venue, the organiser, the five
themes and the six named speakers. Every description is written for the demo; the
speakers' email addresses are made up (example.org)."""

from zoneinfo import ZoneInfo

from composition.demo.records import SpeakerRecord, ThemeRecord

TOKYO = ZoneInfo("Asia/Tokyo")

VENUE = {
    "name_en": "International Conference Hall",
    "name_ja": "国際会議室",
    "building_en": "First Members' Building of the House of Representatives",
    "building_ja": "衆議院第一議員会館",
    "address_en": "2-2-1 Nagatacho, Chiyoda-ku",
    "address_ja": "千代田区永田町2-2-1",
    "city_en": "Tokyo",
    "city_ja": "東京都",
    "postcode": "100-8981",
    "country": "JP",
    "map_url": "https://www.openstreetmap.org/search?query=First%20Members%27%20Office%20Building%20Tokyo",
    "directions_en": (
        "The members' building stands opposite the National Diet Building in Nagatacho. "
        "The nearest stations are Kokkai-gijidomae (Marunouchi and Chiyoda lines) and "
        "Nagatacho (Hanzomon, Yurakucho and Namboku lines). Delegates enter through the "
        "visitors' entrance and pass a security check: please bring photo identification "
        "matching the name you registered with, and allow twenty minutes."
    ),
    "directions_ja": (
        "衆議院第一議員会館は永田町の国会議事堂の向かいにあります。最寄り駅は国会議事堂前駅"
        "（丸ノ内線・千代田線）および永田町駅（半蔵門線・有楽町線・南北線）です。"
        "面会受付で手荷物検査があります。登録したお名前と一致する写真付き身分証明書をお持ちいただき、"
        "20分ほど余裕をもってお越しください。"
    ),
}


ORGANISER = {
    "series_name_en": "UK-Japan Security Dialogue",
    "series_name_ja": "日英安全保障対話",
    "organiser_name_en": "RUSI Japan",
    "organiser_name_ja": "RUSI Japan",
    "contact_name_en": "Nathan Mathiot",
    "contact_name_ja": "ネイサン・マティオ",
    "contact_email": "japan-dialogue@example.org",
    # The 2016 page names no co-host or partner; it says who held the conference
    # ("RUSI held its third annual conference in Tokyo"), and so does this line. No
    # logo: the demo does not copy a real organisation's.
    "partner_line_en": "Held by RUSI, the Royal United Services Institute",
    "partner_line_ja": "主催：英国王立防衛安全保障研究所（RUSI）",
}

THEMES = (
    ThemeRecord(
        key="shared-risks",
        title_en="Shared geopolitical risks",
        title_ja="共通の地政学的リスク",
        description_en=(
            "Where the strategic outlooks of an island nation in Europe and an island nation in "
            "Asia meet, and the risks both must plan for."
        ),
        description_ja="欧州とアジアの島国である両国の戦略観が交わる点と、双方が備えるべきリスク。",
    ),
    ThemeRecord(
        key="defence-equipment",
        title_en="Joint defence equipment initiatives",
        title_ja="防衛装備品の共同開発",
        description_en=(
            "What joint equipment and technology programmes have achieved so far, and what the "
            "next projects could be."
        ),
        description_ja="防衛装備・技術協力のこれまでの成果と、次に取り組むべき事業。",
    ),
    ThemeRecord(
        key="battlefield-technology",
        title_en="Technology on the battlefield and expeditionary forces",
        title_ja="戦場の技術革新と遠征部隊",
        description_en=(
            "How new technology changes operations, and what it takes to deploy and sustain "
            "forces far from home."
        ),
        description_ja="新技術が作戦をどう変えるか、そして遠隔地に部隊を展開・維持するために必要なもの。",
    ),
    ThemeRecord(
        key="non-conventional-threats",
        title_en="Non-conventional threats",
        title_ja="非伝統的脅威",
        description_en=(
            "Cyber attacks, terrorism and the spread of nuclear weapons: threats that cross "
            "borders and call for answers beyond the military."
        ),
        description_ja="サイバー攻撃、テロ、核拡散など、国境を越え軍事以外の対応も求められる脅威。",
    ),
    ThemeRecord(
        key="counter-terrorism-technology",
        title_en="Technology cooperation against terrorism",
        title_ja="テロ対策における技術協力",
        description_en=(
            "Sharing tools, data and practice to prevent and respond to terrorist attacks, with "
            "major international sporting events ahead in Japan."
        ),
        description_ja="日本で大規模な国際スポーツ大会を控え、テロの未然防止と対処に向けた技術・情報・知見の共有。",
    ),
)


SPEAKERS = (
    SpeakerRecord(
        slug="stephen-hillier",
        honorific_en="Air Chief Marshal Sir",
        honorific_ja="空軍大将",
        given_name="Stephen",
        family_name="Hillier",
        japanese_name="スティーブン・ヒリアー",
        position_en="Chief of the Air Staff",
        position_ja="空軍参謀総長",
        organisation_en="Royal Air Force",
        organisation_ja="英国空軍",
        country="GB",
        biography_en=(
            "Head of the Royal Air Force. His visit to Tokyo comes as RAF aircraft train "
            "alongside the Japan Air Self-Defense Force for the first time."
        ),
        biography_ja="英国空軍のトップ。英国空軍機が航空自衛隊と初めて共同訓練を行う時期に来日します。",
        email="stephen.hillier@speakers.example.org",
    ),
    SpeakerRecord(
        slug="kimihiro-ishikane",
        honorific_en="Mr",
        given_name="Kimihiro",
        family_name="Ishikane",
        japanese_name="石兼公博",
        position_en="Deputy Vice-Minister for Foreign Policy",
        position_ja="外務省総合外交政策局長",
        organisation_en="Ministry of Foreign Affairs of Japan",
        organisation_ja="外務省",
        country="JP",
        biography_en=(
            "Senior Japanese diplomat responsible for the coordination of Japan's foreign policy "
            "across regions and issues."
        ),
        biography_ja="地域や分野を横断して日本の外交政策を取りまとめる外務省の幹部。",
        email="kimihiro.ishikane@speakers.example.org",
    ),
    SpeakerRecord(
        slug="richard-barrons",
        honorific_en="General Sir",
        honorific_ja="陸軍大将",
        given_name="Richard",
        family_name="Barrons",
        japanese_name="リチャード・バロンズ",
        position_en="Former Commander, Joint Forces Command",
        position_ja="前統合軍司令官",
        organisation_en="British Army",
        organisation_ja="英国陸軍",
        country="GB",
        biography_en=(
            "Retired British Army general who led the United Kingdom's Joint Forces Command, and "
            "a frank voice on how armed forces must adapt to new technology."
        ),
        biography_ja="英国統合軍司令部を率いた退役陸軍大将。軍が新技術にどう適応すべきかについて率直に発言しています。",
        email="richard.barrons@speakers.example.org",
    ),
    SpeakerRecord(
        slug="itsunori-onodera",
        honorific_en="Mr",
        given_name="Itsunori",
        family_name="Onodera",
        japanese_name="小野寺五典",
        post_nominals="MP",
        position_en="Member of the House of Representatives; former Minister of Defence",
        position_ja="衆議院議員、元防衛大臣",
        organisation_en="House of Representatives of Japan",
        organisation_ja="衆議院",
        country="JP",
        biography_en=(
            "Member of the House of Representatives and a former Minister of Defence, closely "
            "involved in Japan's security legislation and its defence partnerships."
        ),
        biography_ja="衆議院議員。元防衛大臣として、日本の安全保障法制や防衛協力に深く関わってきました。",
        email="itsunori.onodera@speakers.example.org",
    ),
    SpeakerRecord(
        slug="umio-otsuka",
        honorific_en="Admiral",
        honorific_ja="海将",
        given_name="Umio",
        family_name="Otsuka",
        japanese_name="大塚海夫",
        organisation_en="Japan Maritime Self-Defense Force",
        organisation_ja="海上自衛隊",
        country="JP",
        biography_en=(
            "Senior officer of the Japan Maritime Self-Defense Force, speaking on maritime "
            "security and cooperation between navies."
        ),
        biography_ja="海上自衛隊の高級幹部。海洋安全保障と海軍間の協力について講演します。",
        email="umio.otsuka@speakers.example.org",
    ),
    SpeakerRecord(
        slug="shigeo-yoneda",
        honorific_en="Mr",
        given_name="Shigeo",
        family_name="Yoneda",
        organisation_en="National Police Agency",
        organisation_ja="警察庁",
        country="JP",
        biography_en=(
            "Represents Japan's National Police Agency on terrorism prevention and the security "
            "of major events."
        ),
        biography_ja="警察庁の立場から、テロの未然防止と大規模行事の警備について講演します。",
        email="shigeo.yoneda@speakers.example.org",
    ),
)
