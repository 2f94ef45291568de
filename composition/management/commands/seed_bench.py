"""A generated event for `make bench`: sessions, speakers and registrations at scale.

The event is rebuilt from scratch on every run (one transaction, ``bulk_create``), so
running the command twice leaves the same rows; the content is deterministic for a
given ``--seed``. It only ever replaces an event it made itself (series "Benchmark"):
a typo in ``--slug`` cannot wipe a real edition.
"""

import random
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone, translation

from conference.cache import invalidate
from conference.models import Event, Session, SessionRole, Theme, Venue
from registrations.models import (
    AttendanceOption,
    ExportLog,
    OutgoingEmail,
    Registration,
    RegistrationStatusChange,
    generate_reference,
)
from speakers.models import Speaker

SERIES = "Benchmark"
ZONE = ZoneInfo("Asia/Tokyo")
BATCH = 2000
ROOMS = ["Hall A", "Hall B", "Room 101", "Room 102", "Room 201"]
SLOTS_PER_DAY = 16  # 09:00 to 17:00 in half hours
THEMES = [
    ("Deterrence and alliances", "抑止と同盟"),
    ("Maritime security", "海洋安全保障"),
    ("Defence equipment and technology", "防衛装備・技術"),
    ("Cyber and space", "サイバーと宇宙"),
    ("Economic security", "経済安全保障"),
    ("Regional outlook", "地域情勢"),
]
OPTIONS = [("Day 1", "1日目"), ("Day 2", "2日目"), ("Reception", "レセプション")]
GIVEN = ["Charlotte", "James", "Hiroshi", "Yuki", "Amelia", "Kenji", "Oliver", "Sakura", "Tom"]
FAMILY = ["Ashworth", "Tanaka", "Smith", "Suzuki", "O'Brien", "Watanabe", "Jones", "Sato"]
JAPANESE = ["田中 太郎", "鈴木 花子", "佐藤 健二", "渡辺 さくら", ""]
ORGANISATIONS = [
    "UK Ministry of Defence",
    "Ministry of Defense, Japan",
    "RUSI",
    'Institute for "Strategic" Studies, Tokyo',
    "=Formula Ltd",  # the exporter must neutralise this
    "Mitsubishi Heavy Industries",
    "BAE Systems",
]
SESSION_TYPES = [
    Session.Type.PANEL,
    Session.Type.PANEL,
    Session.Type.ROUNDTABLE,
    Session.Type.BRIEFING,
    Session.Type.KEYNOTE,
]
ROLES = [SessionRole.Role.CHAIR, SessionRole.Role.PANELLIST, SessionRole.Role.PANELLIST]


class Command(BaseCommand):
    help = (
        "Create (or rebuild) a generated benchmark event: --sessions, --speakers and "
        "--registrations at scale. Safe to run again; only touches events it made."
    )

    def add_arguments(self, parser):
        parser.add_argument("--slug", default="bench", help="the event's slug (default: bench)")
        parser.add_argument("--sessions", type=int, default=200)
        parser.add_argument("--speakers", type=int, default=400)
        parser.add_argument("--registrations", type=int, default=5000)
        parser.add_argument(
            "--capacity", type=int, help="seats (default: the number of registrations)"
        )
        parser.add_argument(
            "--mode", choices=Event.RegistrationMode.values, default=Event.RegistrationMode.OPEN
        )
        parser.add_argument("--no-waiting-list", action="store_true")
        parser.add_argument("--seed", type=int, default=7, help="random seed (default: 7)")

    def handle(self, *args, slug, sessions, speakers, registrations, capacity, **options):
        if min(sessions, speakers, registrations) < 0:
            raise CommandError("Counts cannot be negative.")
        if sessions and not speakers:
            raise CommandError("Sessions need at least one speaker.")
        capacity = registrations if capacity is None else capacity
        days = max(1, -(-sessions // (SLOTS_PER_DAY * len(ROOMS))))
        rng = random.Random(options["seed"])
        started = timezone.now()
        with translation.override("en"), transaction.atomic():
            self.remove(slug)
            event = self.create_event(
                slug,
                days=days,
                capacity=capacity,
                mode=options["mode"],
                waiting_list=not options["no_waiting_list"],
            )
            themes = Theme.objects.bulk_create(
                Theme(event=event, title_en=en, title_ja=ja, order=order)
                for order, (en, ja) in enumerate(THEMES, start=1)
            )
            people = self.create_speakers(slug, speakers, rng)
            self.create_sessions(event, sessions, themes, people, rng)
            self.create_registrations(event, registrations, capacity, rng)
            # bulk_create sends no signals: empty the public page cache ourselves.
            invalidate()
        seconds = (timezone.now() - started).total_seconds()
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {slug}: {sessions} sessions, {speakers} speakers, "
                f"{registrations} registrations, {capacity} seats in {seconds:.1f} s."
            )
        )

    def remove(self, slug):
        event = Event.objects.filter(slug=slug).first()
        if event is not None:
            if event.series_name_en != SERIES:
                raise CommandError(
                    f"{slug!r} is a real event (series {event.series_name_en!r}); "
                    "seed_bench only replaces events it created."
                )
            ExportLog.objects.filter(event=event).delete()
            self.remove_registrations(event)
            event.delete()  # themes, sessions and their roles, options, invitations
        Speaker.objects.filter(slug__startswith=f"{slug}-speaker-").delete()

    def remove_registrations(self, event):
        """Delete the rows that hang off the registrations, then the registrations, in SQL.

        The ORM's cascade would load every registration first (a minute at 100,000).
        A model added later with a foreign key to Registration makes the last DELETE
        fail on its constraint rather than leave rows behind.
        """
        through = Registration.attendance_options.through
        through.objects.filter(registration__event=event).delete()
        OutgoingEmail.objects.filter(registration__event=event).delete()
        RegistrationStatusChange.objects.filter(registration__event=event).delete()
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {connection.ops.quote_name(Registration._meta.db_table)} "
                "WHERE event_id = %s",
                [event.pk],
            )

    def create_event(self, slug, *, days, capacity, mode, waiting_list):
        # Sixty days ahead, registration open since yesterday: an upcoming edition.
        start = timezone.localdate(timezone=ZONE) + timedelta(days=60)
        now = timezone.now()
        venue = Venue.objects.filter(name_en="Benchmark Hall").first() or Venue.objects.create(
            name_en="Benchmark Hall", name_ja="ベンチマーク会館", city_en="Tokyo", country="JP"
        )
        return Event.objects.create(
            series_name_en=SERIES,
            series_name_ja="ベンチマーク",
            name_en=f"Benchmark Dialogue ({slug})",
            name_ja=f"ベンチマーク対話（{slug}）",
            slug=slug,
            summary_en="A generated event for measuring the site at scale.",
            summary_ja="規模を測るための生成イベントです。",
            description_en="Generated by manage.py seed_bench.",
            start_date=start,
            end_date=start + timedelta(days=days - 1),
            time_zone=str(ZONE),
            venue=venue,
            organiser_name_en="Benchmark organisers",
            is_published=True,
            capacity=capacity,
            registration_mode=mode,
            registration_opens_at=now - timedelta(days=1),
            registration_closes_at=now + timedelta(days=30),
            waiting_list_enabled=waiting_list,
        )

    def create_speakers(self, slug, count, rng):
        speakers = [
            Speaker(
                honorific_en=rng.choice(["Dr", "Admiral", "Ms", "Mr", "General", ""]),
                given_name=f"{rng.choice(GIVEN)}{number}",
                family_name=rng.choice(FAMILY),
                japanese_name=rng.choice(JAPANESE),
                slug=f"{slug}-speaker-{number:05d}",
                position_en="Director, Strategic Studies",
                position_ja="戦略研究部長",
                organisation_en=rng.choice(ORGANISATIONS),
                country=rng.choice(["GB", "JP", "US", "AU"]),
                biography_en=(
                    f"Speaker {number} works on **defence cooperation** between the "
                    "United Kingdom and Japan.\n\nFormerly with the [ministry](https://example.org)."
                ),
                is_published=number % 20 != 0,  # a few unpublished: shown as "to be confirmed"
            )
            for number in range(count)
        ]
        return Speaker.objects.bulk_create(speakers, batch_size=BATCH)

    def create_sessions(self, event, count, themes, speakers, rng):
        first_day = datetime.combine(event.start_date, time(9), tzinfo=ZONE)
        sessions = []
        for number in range(count):
            day, rest = divmod(number, SLOTS_PER_DAY * len(ROOMS))
            slot, room = divmod(rest, len(ROOMS))
            starts = first_day + timedelta(days=day, minutes=30 * slot)
            sessions.append(
                Session(
                    event=event,
                    title_en=f"Session {number + 1}: {rng.choice(THEMES)[0]}",
                    title_ja=f"セッション{number + 1}",
                    slug=f"session-{number + 1:04d}",
                    description_en="What the panel will discuss, in two sentences. " * 3,
                    type=rng.choice(SESSION_TYPES),
                    starts_at=starts,
                    ends_at=starts + timedelta(minutes=30),
                    room_en=ROOMS[room],
                    theme=themes[number % len(themes)],
                    is_public=number % 25 != 24,
                    order=room,
                )
            )
        sessions = Session.objects.bulk_create(sessions, batch_size=BATCH)
        # Every speaker appears at least once; each session has two to four appearances.
        roles = []
        queue = list(speakers)
        rng.shuffle(queue)
        for index, session in enumerate(sessions):
            wanted = 2 + index % 3
            chosen = []
            while len(chosen) < wanted and (queue or len(chosen) < len(speakers)):
                speaker = queue.pop() if queue else rng.choice(speakers)
                if speaker not in chosen:
                    chosen.append(speaker)
            for order, speaker in enumerate(chosen, start=1):
                roles.append(
                    SessionRole(
                        session=session,
                        speaker=speaker,
                        role=ROLES[min(order - 1, len(ROLES) - 1)],
                        order=order,
                        is_confirmed=(index + order) % 10 != 0,
                    )
                )
        for speaker in queue:  # more speakers than places: give the rest a session each
            session = sessions[rng.randrange(len(sessions))]
            roles.append(SessionRole(session=session, speaker=speaker, order=9, is_confirmed=True))
        SessionRole.objects.bulk_create(roles, batch_size=BATCH)

    def create_registrations(self, event, count, capacity, rng):
        options = AttendanceOption.objects.bulk_create(
            AttendanceOption(event=event, name_en=en, name_ja=ja, order=order)
            for order, (en, ja) in enumerate(OPTIONS, start=1)
        )
        if not count:
            return
        Status = Registration.Status
        now = timezone.now()
        confirmed = 0
        through = Registration.attendance_options.through
        for start in range(0, count, BATCH):
            batch = []
            for number in range(start, min(start + BATCH, count)):
                if number % 20 == 19:
                    status = Status.CANCELLED
                elif confirmed < capacity:
                    status = Status.CONFIRMED
                    confirmed += 1
                else:
                    status = Status.WAITLISTED
                diet = rng.choice(Registration.Dietary.values)
                checked_in = status == Status.CONFIRMED and number % 4 == 0
                batch.append(
                    Registration(
                        event=event,
                        reference=generate_reference(number=event.pk * 10_000_000 + number),
                        status=status,
                        honorific=rng.choice(["Dr", "Ms", "Mr", "Colonel", ""]),
                        given_name=rng.choice(GIVEN),
                        family_name=rng.choice(FAMILY),
                        japanese_name=rng.choice(JAPANESE),
                        email=f"delegate{number}@{event.slug}.example.org",
                        phone="+81 3 1234 5678" if number % 3 else "",
                        organisation=rng.choice(ORGANISATIONS),
                        position="Counsellor, Defence",
                        sector=rng.choice(Registration.Sector.values),
                        nationality=rng.choice(["GB", "JP", "US", "FR", "AU"]),
                        dietary_requirement=diet,
                        dietary_details="No shellfish, please" if diet == "other" else "",
                        accessibility_needs="Step-free access" if number % 50 == 0 else "",
                        interpretation=rng.choice(Registration.Interpretation.values),
                        language=rng.choice(["en", "ja"]),
                        privacy_consent_at=now,
                        privacy_notice_version="bench",
                        checked_in_at=now if checked_in else None,
                    )
                )
            batch = Registration.objects.bulk_create(batch)
            links = [
                through(registration_id=registration.pk, attendanceoption_id=option.pk)
                for index, registration in enumerate(batch)
                for position, option in enumerate(options)
                if position < 2 or index % 3  # both days for everyone, the reception for most
            ]
            through.objects.bulk_create(links, batch_size=BATCH * 3)
