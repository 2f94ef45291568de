"""Turns the demo's records into rows: create what is missing, bring what exists back
to the records' state, and change nothing on a second run."""

from datetime import date, datetime, timedelta

from django.conf import settings
from django.utils import translation

from composition.demo.records import (
    EditionRecord,
    MessageRecord,
    SeatingPlanRecord,
    SessionRecord,
    SpeakerRecord,
)
from composition.demo.seed import SPEAKERS, TOKYO, VENUE
from conference.models import Event, Session, SessionRole, Theme, Venue
from messaging.audience import Audience
from messaging.models import Message, MessageRecipient
from protocol.models import Delegation, PrecedenceCategory
from registrations import services as registration_services
from registrations.models import (
    AttendanceOption,
    Invitation,
    Registration,
    RegistrationStatusChange,
)
from seating import services as seating_services
from seating.models import SeatingPlan
from speakers.models import Speaker
from vip.models import (
    InvitationActivity,
    InvitedAppearance,
    SpeakerInvitation,
    SpeakerLogistics,
    VipSettings,
)

T = Session.Type


def upsert(model, defaults, **lookup):
    """update_or_create that saves only what differs, so a second run changes nothing.

    Each row passes its fields' validators and its model's ``clean()``; its unique and
    other constraints are the database's to enforce on save (an IntegrityError stops
    the load as a ValidationError would), without the lookup per constraint that
    ``full_clean`` would add to every row.
    """
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**{**lookup, **defaults})
        _validate(obj)
        obj.save()
        return obj, True
    changed = [name for name, value in defaults.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, defaults[name])
        _validate(obj)
        obj.save()
    return obj, False


def _validate(obj):
    obj.full_clean(validate_unique=False, validate_constraints=False)


def load_venue() -> Venue:
    venue, _ = upsert(
        Venue, name_en=VENUE["name_en"], building_en=VENUE["building_en"], defaults=VENUE
    )
    return venue


def load_speakers(records: tuple[SpeakerRecord, ...] = SPEAKERS) -> dict[str, Speaker]:
    speakers = {}
    for record in records:
        fields = vars(record).copy()
        slug = fields.pop("slug")
        speakers[slug], _ = upsert(Speaker, slug=slug, defaults={**fields, "is_published": True})
    return speakers


def load_edition(edition: EditionRecord, *, venue: Venue, speakers: dict) -> Event:
    """Create or restore one edition: event, themes, agenda, options, invitations, people."""
    with translation.override("en"):
        event, _ = upsert(Event, slug=edition.slug, defaults={**edition.event, "venue": venue})
        themes = {}
        for order, theme in enumerate(edition.themes, start=1):
            themes[theme.key], _ = upsert(
                Theme,
                event=event,
                title_en=theme.title_en,
                defaults={
                    "title_ja": theme.title_ja,
                    "description_en": theme.description_en,
                    "description_ja": theme.description_ja,
                    "order": order,
                },
            )
        sessions = {
            item.slug: _load_session(event, edition, item, themes, speakers)
            for item in edition.agenda
        }
        options = _load_options(event, edition, sessions)
        for invitation in edition.invitations:
            upsert(
                Invitation,
                event=event,
                code=invitation.code,
                defaults={"max_uses": invitation.max_uses, "note": invitation.note},
            )
        delegations = {
            record.key: upsert(
                Delegation,
                event=event,
                name_en=record.name_en,
                defaults={
                    "name_ja": record.name_ja,
                    "side": record.side,
                    "country": record.country,
                    "order": record.order,
                    "colour": record.colour,
                    "target": record.target,
                },
            )[0]
            for record in edition.delegations
        }
        precedence = {
            category.name_en: category for category in PrecedenceCategory.objects.site_wide()
        }
        for person in edition.people:
            protocol = {
                "delegation": delegations.get(person.delegation),
                "precedence": precedence.get(person.precedence),
            }
            _load_person(event, person, [options[index] for index in person.options], protocol)
        _load_speaker_participants(event, edition, speakers, delegations, precedence)
        for message in edition.messages:
            _load_message(event, message, options)
        _load_speakers_side(event, edition, sessions, speakers)
        for record in edition.seating_plans:
            _load_seating_plan(event, record, sessions, options)
    return event


def _load_seating_plan(event, record: SeatingPlanRecord, sessions, options) -> SeatingPlan:
    """Made, pinned and assigned by the rules when first loaded; a later run finds it
    and leaves it as the organisers may have adjusted it."""
    session = sessions[record.session] if record.session else None
    occasion = next((o for o in options if o.name_en == record.occasion), None)
    lookup = {"session": session} if session else {"occasion": occasion}
    plan = SeatingPlan.objects.filter(event=event, **lookup).first()
    if plan is not None:
        return plan
    plan = seating_services.create_plan(
        event=event,
        layout=record.layout,
        options=record.options,
        name_en=record.name_en,
        name_ja=record.name_ja,
        **lookup,
    )
    for label, reference in record.pins:
        registration = Registration.objects.get(event=event, reference=reference)
        seating_services.place(plan=plan, version=None, label=label, registration=registration)
        seating_services.set_pinned(plan=plan, version=None, label=label, pinned=True)
    seating_services.assign_automatically(plan=plan, version=None)
    if record.published:
        seating_services.set_published(plan=plan, version=None, published=True)
    return plan


def _load_speaker_participants(event, edition, speakers, delegations, precedence):
    """Speakers with a confirmed appearance become participants, as the admin makes them
    (``sync_speaker_participation``), then take their places."""
    for slug in sorted({role.speaker for item in edition.agenda for role in item.roles}):
        registration_services.sync_speaker_participation(event=event, speaker=speakers[slug])
    for place in edition.speaker_places:
        registration = (
            Registration.objects.active().filter(event=event, speaker=speakers[place.speaker])
        ).first()
        if registration is None:
            continue  # no confirmed appearance (declined): not a participant, no place
        wanted = {
            "delegation": delegations[place.delegation],
            "precedence": precedence[place.precedence],
            "precedence_rank": place.rank,
            "is_head_of_delegation": place.head,
            "sector": place.sector,
            # Recorded once, when the organisers first asked; kept on later runs.
            "delegate_list_consent_at": (
                (registration.delegate_list_consent_at or registration.created_at)
                if place.list_consent
                else None
            ),
        }
        changed = [name for name, value in wanted.items() if getattr(registration, name) != value]
        if changed:
            for name in changed:
                setattr(registration, name, wanted[name])
            _validate(registration)
            registration.save(update_fields=[*changed, "updated_at"])


def _at(first_day: date, day: int, hhmm: str) -> datetime:
    hour, minute = map(int, hhmm.split(":"))
    local = first_day + timedelta(days=day - 1)
    return datetime(local.year, local.month, local.day, hour, minute, tzinfo=TOKYO)


def _load_session(event, edition, item: SessionRecord, themes, speakers) -> Session:
    meal = item.type == T.MEAL
    session, _ = upsert(
        Session,
        event=event,
        slug=item.slug,
        defaults={
            "title_en": item.title_en,
            "title_ja": item.title_ja,
            "description_en": _session_description(item, edition),
            "type": item.type,
            "starts_at": _at(edition.start_date, item.day, item.start),
            "ends_at": _at(edition.start_date, item.day, item.end),
            "room_en": "Members' dining room" if meal else VENUE["name_en"],
            "room_ja": "議員会館 食堂" if meal else VENUE["name_ja"],
            "theme": themes.get(item.theme),
            "attribution": item.attribution,
            "is_public": True,
        },
    )
    for order, role in enumerate(item.roles, start=1):
        upsert(
            SessionRole,
            session=session,
            speaker=speakers[role.speaker],
            defaults={
                "role": role.role,
                "order": order,
                "is_confirmed": role.confirmed,
                "speaking_language": role.speaking_language,
            },
        )
    return session


def _session_description(item: SessionRecord, edition: EditionRecord) -> str:
    if item.type in (T.BREAK, T.MEAL, T.OTHER, T.RECEPTION):
        return ""
    theme_text = {theme.key: theme.description_en for theme in edition.themes}.get(item.theme, "")
    return f"{theme_text} Illustrative session for the demonstration agenda.".strip()


def _load_options(event, edition: EditionRecord, sessions: dict) -> list[AttendanceOption]:
    claimed = {slug for option in edition.options for slug in option.sessions}
    options = []
    for order, record in enumerate(edition.options, start=1):
        option, _ = upsert(
            AttendanceOption,
            event=event,
            name_en=record.name_en,
            defaults={"name_ja": record.name_ja, "capacity": record.capacity, "order": order},
        )
        covered = [sessions[slug] for slug in record.sessions] + [
            session
            for item in edition.agenda
            if record.day is not None and item.day == record.day and item.slug not in claimed
            for session in [sessions[item.slug]]
        ]
        option.sessions.set(covered)
        options.append(option)
    return options


def _load_person(event, person, options, protocol) -> Registration:
    registration, created = upsert(
        Registration,
        reference=person.reference,
        defaults={**person.fields(), "event": event, **protocol},
    )
    registration.attendance_options.set(options)
    if created:
        Registration.objects.filter(pk=registration.pk).update(created_at=person.registered_at)
        change = RegistrationStatusChange.objects.create(
            registration=registration,
            from_status="",
            to_status=registration.status,
            note="Demo data",
        )
        RegistrationStatusChange.objects.filter(pk=change.pk).update(
            changed_at=person.registered_at
        )
    return registration


def _load_message(event, record: MessageRecord, options) -> Message:
    """A sent message, delivered to everyone its audience names (recipients added for
    whoever is missing; a second run finds them all)."""
    audience = Audience(
        statuses=record.statuses, options=tuple(options[index].pk for index in record.options)
    )
    message, _ = upsert(
        Message,
        event=event,
        subject_en=record.subject_en,
        defaults={
            "body_en": record.body_en,
            "subject_ja": record.subject_ja,
            "body_ja": record.body_ja,
            "audience": audience.as_json(),
            "created_by_name": record.sent_by,
            "sent_by_name": record.sent_by,
        },
    )
    if message.state != Message.State.SENT or message.sent_at != record.sent_at:
        # Sending is the worker's business; the demo's message went out long ago.
        Message.objects.filter(pk=message.pk).update(
            state=Message.State.SENT, sent_at=record.sent_at, created_at=record.sent_at
        )
    have = set(message.recipients.values_list("registration_id", flat=True))
    MessageRecipient.objects.bulk_create(
        [
            MessageRecipient(
                message=message,
                registration=registration,
                language=message.language_for(registration.language),
                email=registration.email,
                state=MessageRecipient.State.SENT,
                queued_at=record.sent_at,
            )
            for registration in audience.queryset(event)
            if registration.pk not in have
        ]
    )
    return message


def _load_speakers_side(event, edition: EditionRecord, sessions, speakers) -> None:
    """Speakers and VIPs: the review setting, invitations with their answers, travel."""
    upsert(
        VipSettings,
        event=event,
        defaults={"review_speaker_changes": edition.review_speaker_changes},
    )
    for record in edition.speaker_invitations:
        _load_speaker_invitation(event, record, sessions, speakers[record.speaker])
    for record in edition.travel:
        fields = vars(record).copy()
        speaker = speakers[fields.pop("speaker")]
        upsert(SpeakerLogistics, event=event, speaker=speaker, defaults=fields)


def _load_speaker_invitation(event, record, sessions, speaker) -> SpeakerInvitation:
    answered = record.answer != InvitedAppearance.Answer.PENDING
    expires_at = min(
        record.sent_at + timedelta(days=settings.SPEAKER_INVITATION_DAYS), event.ends_at
    )
    invitation, created = upsert(
        SpeakerInvitation,
        event=event,
        speaker=speaker,
        defaults={
            "language": record.language,
            "sent_at": record.sent_at,
            "expires_at": expires_at,
            "opened_at": record.opened_at,
            "answered_at": record.answered_at if answered else None,
            "revoked_at": None,
            "last_reminded_at": None,
            "reminder_count": 0,
        },
    )
    roles = [
        SessionRole.objects.get(session=sessions[slug], speaker=speaker) for slug in record.sessions
    ]
    for role in roles:
        upsert(
            InvitedAppearance,
            role=role,
            defaults={
                "invitation": invitation,
                "answer": record.answer,
                "answered_at": record.answered_at if answered else None,
                "message": record.message,
            },
        )
    if created:
        Action = InvitationActivity.Action
        history = [(Action.INVITED, record.sent_at, ", ".join(str(r.session) for r in roles))]
        if record.opened_at:
            history.append((Action.OPENED, record.opened_at, ""))
        if answered:
            action = Action.ACCEPTED if record.answer == "accepted" else Action.DECLINED
            history += [(action, record.answered_at, str(role.session)) for role in roles]
        for action, at, detail in history:
            InvitationActivity.objects.create(
                invitation=invitation, action=action, at=at, detail=detail
            )
    return invitation
