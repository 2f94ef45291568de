"""Operations on speakers' invitations, their answers, their own changes and travel.

Each runs in one transaction; emails are queued inside it and sent after it commits
(``vip.emails``). Where the event row is locked it is locked first, as every
registrations service does, then the invitation.
"""

import logging
from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from conference.models import Event, SessionRole
from registrations import services as registration_services
from registrations.emails import absolute_url
from registrations.exceptions import RegistrationError
from registrations.models import OutgoingEmail
from speakers.images import reencode_photo
from speakers.models import Speaker
from speakers.services import save_speaker
from speakers.thumbnails import delete_photo_files
from vip import emails, selectors
from vip.exceptions import (
    AlreadyAnswered,
    InvitationClosed,
    NoEmailAddress,
    NotInvitable,
    NotPending,
)
from vip.models import (
    InvitationActivity,
    InvitedAppearance,
    SpeakerInvitation,
    SpeakerLogistics,
    SpeakerProfileRevision,
    VipSettings,
)

logger = logging.getLogger(__name__)

Action = InvitationActivity.Action
Answer = InvitedAppearance.Answer

# What a speaker may correct about themselves, in both languages where the site
# keeps both (modeltranslation's ``_en``/``_ja`` fields). Names are not translated:
# the Latin name and the name in Japanese script are fields of their own.
PROFILE_FIELDS = (
    "honorific_en",
    "honorific_ja",
    "given_name",
    "family_name",
    "japanese_name",
    "post_nominals",
    "position_en",
    "position_ja",
    "organisation_en",
    "organisation_ja",
    "biography_en",
    "biography_ja",
)

# What a speaker may tell us about their travel. How they are met (car, escort,
# entrance) is the organisers' to arrange: the speaker sees it, read only. The
# restricted note never leaves the Organisers.
SPEAKER_TRAVEL_FIELDS = (
    "arrival_date",
    "arrival_time",
    "arrival_mode",
    "arrival_number",
    "arrival_point",
    "departure_date",
    "departure_time",
    "departure_mode",
    "departure_number",
    "departure_point",
    "hotel",
    "aide_name",
    "aide_contact",
    "dietary_needs",
    "access_needs",
)
ARRANGED_FIELDS = ("car_meets", "car_details", "escort", "venue_entrance")


def _log(invitation, action, *, by=None, detail="", now=None):
    return InvitationActivity.objects.create(
        invitation=invitation,
        action=action,
        at=now or timezone.now(),
        by=by if by is not None and by.is_authenticated else None,
        detail=detail[:300],
    )


def _session_name(session) -> str:
    """A session's title for the organisers' history, in English whatever the page's
    language (the speaker may answer from the Japanese page)."""
    return session.title_en or session.title


def _answer_by(event: Event, now: datetime) -> datetime:
    """When an invitation sent now stops taking answers: SPEAKER_INVITATION_DAYS, and
    never after the event's end."""
    return min(now + timedelta(days=settings.SPEAKER_INVITATION_DAYS), event.ends_at)


# --- inviting ----------------------------------------------------------------------------


def invite_speaker(
    *,
    event: Event,
    speaker: Speaker,
    roles,
    language: str,
    by=None,
    personal_message: str = "",
    now=None,
) -> SpeakerInvitation:
    """Invite ``speaker`` to ``roles`` (their appearances in ``event``) and email the link.

    A speaker has one invitation per event: inviting them again adds the appearances,
    sends a fresh link and makes every earlier link stop working (the version in the
    link). An appearance declined before is asked again; one already confirmed (in the
    admin, or accepted) is listed as accepted.
    """
    now = now or timezone.now()
    roles = list(roles)
    if not speaker.email:
        raise NoEmailAddress(
            _("%(speaker)s has no email address: add one on the speaker's page first.")
            % {"speaker": speaker}
        )
    if language not in dict(settings.LANGUAGES):
        raise NotInvitable(_("Choose English or Japanese for the invitation."))
    foreign = [
        role for role in roles if role.speaker_id != speaker.pk or role.session.event_id != event.pk
    ]
    if not roles or foreign:
        raise NotInvitable(
            _("Choose one or more of %(speaker)s's appearances in %(event)s.")
            % {"speaker": speaker, "event": event.name}
        )
    if now >= event.ends_at:
        raise NotInvitable(_("%(event)s is over.") % {"event": event.name})
    with transaction.atomic():
        invitation = (
            SpeakerInvitation.objects.select_for_update()
            .filter(event=event, speaker=speaker)
            .first()
        )
        if invitation is None:
            invitation = SpeakerInvitation(event=event, speaker=speaker)
        else:
            invitation.token_version += 1  # every earlier link stops working
        invitation.language = language
        invitation.personal_message = personal_message
        invitation.sent_at = now
        invitation.expires_at = _answer_by(event, now)
        invitation.revoked_at = None
        invitation.answered_at = None
        invitation.invited_by = by if by is not None and by.is_authenticated else None
        invitation.full_clean()
        invitation.save()
        confirmed_before = []
        for role in SessionRole.objects.select_for_update().filter(
            pk__in=[role.pk for role in roles]
        ):
            appearance = InvitedAppearance.objects.filter(role=role).first()
            if appearance is None:
                appearance = InvitedAppearance(role=role)
            appearance.invitation = invitation
            if role.is_confirmed:
                if appearance.answer != Answer.ACCEPTED:
                    # Confirmed in the admin already: nothing to ask, the page says so.
                    appearance.answer, appearance.answered_at = Answer.ACCEPTED, now
                    confirmed_before.append(role)
            elif appearance.answer != Answer.PENDING or appearance.answered_at:
                appearance.answer, appearance.answered_at, appearance.message = (
                    Answer.PENDING,
                    None,
                    "",
                )
            appearance.save()
        _mark_answered(invitation, now)
        _log(
            invitation,
            Action.INVITED,
            by=by,
            detail=", ".join(_session_name(role.session) for role in roles),
            now=now,
        )
        for role in confirmed_before:
            _log(
                invitation,
                Action.ACCEPTED,
                by=by,
                detail=f"{_session_name(role.session)} (confirmed in the admin before)",
                now=now,
            )
        emails.queue_to_speaker(invitation, emails.Kind.INVITATION)
    return invitation


def _mark_answered(invitation: SpeakerInvitation, now) -> None:
    """Note when the last appearance was answered (cleared while one is pending)."""
    pending = invitation.appearances.filter(answer=Answer.PENDING).exists()
    answered_at = None if pending else (invitation.answered_at or now)
    if answered_at != invitation.answered_at:
        invitation.answered_at = answered_at
        invitation.save(update_fields=["answered_at", "updated_at"])


def send_new_link(*, invitation: SpeakerInvitation, by=None, now=None) -> SpeakerInvitation:
    """Email the same invitation again with a new link; earlier links stop working."""
    roles = [appearance.role for appearance in selectors.invited_appearances(invitation)]
    return invite_speaker(
        event=invitation.event,
        speaker=invitation.speaker,
        roles=roles,
        language=invitation.language,
        by=by,
        personal_message=invitation.personal_message,
        now=now,
    )


def revoke_invitation(*, invitation: SpeakerInvitation, by=None, now=None) -> SpeakerInvitation:
    """Withdraw an invitation: its links stop working at once. Answers given stay."""
    now = now or timezone.now()
    with transaction.atomic():
        invitation = SpeakerInvitation.objects.select_for_update().get(pk=invitation.pk)
        if invitation.revoked_at is not None:
            raise InvitationClosed(_("This invitation has already been revoked."))
        invitation.revoked_at = now
        invitation.token_version += 1
        invitation.save(update_fields=["revoked_at", "token_version", "updated_at"])
        _log(invitation, Action.REVOKED, by=by, now=now)
    return invitation


def record_opened(*, invitation: SpeakerInvitation, now=None) -> bool:
    """The first time the speaker opens their link; later opens change nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        first = SpeakerInvitation.objects.filter(pk=invitation.pk, opened_at__isnull=True).update(
            opened_at=now
        )
        if first:
            invitation.opened_at = now
            _log(invitation, Action.OPENED, now=now)
    return bool(first)


def _open_invitation(invitation: SpeakerInvitation, now) -> SpeakerInvitation:
    """Lock the invitation and check its link still works (it may have changed since
    the page was shown)."""
    locked = SpeakerInvitation.objects.select_for_update().select_related("event", "speaker")
    current = locked.get(pk=invitation.pk)
    problem = selectors.link_problem(
        current,
        invitation.token_version,
        appearances=selectors.invited_appearances(current),
        now=now,
    )
    if problem is not None:
        raise InvitationClosed(problem.message)
    return current


# --- answering ---------------------------------------------------------------------------


def answer_appearances(
    *, invitation: SpeakerInvitation, answers: dict[int, str], message: str = "", now=None
) -> list[InvitedAppearance]:
    """The speaker accepts or declines appearances (``{role id: "accepted" | "declined"}``).

    Accepting confirms the appearance, so the public agenda names the speaker (the
    page cache follows the save), and makes them a participant of the event.
    Declining leaves it unconfirmed. The organisers are emailed either way, with
    the speaker's message. An answer is final here: to change it, the speaker
    writes to the organisers, who can invite again.
    """
    now = now or timezone.now()
    if not answers:
        raise AlreadyAnswered(_("Choose an answer for at least one appearance."))
    with transaction.atomic():
        # The event first, as every service that may take a seat locks it (FOR NO KEY
        # UPDATE, as registrations.services does: not behind sign-ups' key-share locks).
        Event.objects.select_for_update(no_key=True).get(pk=invitation.event_id)
        invitation = _open_invitation(invitation, now)
        if now >= invitation.expires_at:
            raise InvitationClosed(
                _("The time to answer this invitation online has passed.")
                + " "
                + _("Please write to the organisers.")
            )
        mine = {
            appearance.role_id: appearance
            for appearance in selectors.invited_appearances(invitation)
        }
        changed = []
        for role_id, answer in sorted(answers.items()):
            appearance = mine.get(role_id)
            if appearance is None or answer not in (Answer.ACCEPTED, Answer.DECLINED):
                raise AlreadyAnswered(_("This appearance is not part of your invitation."))
            if appearance.answer != Answer.PENDING:
                raise AlreadyAnswered(
                    _("You have already answered for “%(session)s”.")
                    % {"session": appearance.role.session.title}
                )
            appearance.answer = answer
            appearance.answered_at = now
            appearance.message = message
            appearance.full_clean()
            appearance.save()
            role = SessionRole.objects.select_for_update().get(pk=role_id)
            confirmed = answer == Answer.ACCEPTED
            if role.is_confirmed != confirmed:
                role.is_confirmed = confirmed
                role.save(update_fields=["is_confirmed"])  # empties the page cache
            _log(
                invitation,
                Action.ACCEPTED if confirmed else Action.DECLINED,
                detail=_session_name(role.session),
                now=now,
            )
            changed.append(appearance)
        _mark_answered(invitation, now)
        _sync_participation(event=invitation.event, speaker=invitation.speaker)
        emails.queue_to_organisers(
            invitation,
            emails.Kind.ANSWERS,
            answered=changed,
            accepted=[a for a in changed if a.answer == Answer.ACCEPTED],
            declined=[a for a in changed if a.answer == Answer.DECLINED],
            message=message,
        )
    return changed


def _sync_participation(*, event: Event, speaker: Speaker) -> None:
    """Make a speaker with a confirmed appearance a participant of the event (issue 12):
    on the door list, badges and the protocol list; one who declined everything stops
    being one. A refusal undoes only its own work: the speaker's answer stands, and the
    organisers' action "Add confirmed speakers as participants" catches up."""
    try:
        with transaction.atomic():  # a savepoint
            registration_services.sync_speaker_participation(event=event, speaker=speaker)
    except RegistrationError:
        # Logged without names.
        logger.exception(
            "speaker %s: participation in event %s not brought up to date", speaker.pk, event.pk
        )


# --- the speaker's own profile ----------------------------------------------------------


def review_required(event: Event) -> bool:
    return VipSettings.objects.filter(event=event, review_speaker_changes=True).exists()


def profile_changes(speaker: Speaker, data: dict) -> dict:
    """The fields whose submitted text differs from what the speaker's profile says."""
    return {
        name: data[name]
        for name in PROFILE_FIELDS
        if name in data and (data[name] or "") != (getattr(speaker, name) or "")
    }


def submit_profile(
    *, invitation: SpeakerInvitation, data: dict, photo=None, now=None
) -> SpeakerProfileRevision | Speaker | None:
    """The speaker corrects their names, titles, biography or photo.

    Where the event asks for review, the change waits as the speaker's one pending
    revision (a later change replaces it) and nothing on the site moves; otherwise
    it is applied at once (the page cache follows). The photo is stored as Pillow's
    clean copy either way. Returns the revision, the speaker, or None if nothing
    changed.
    """
    now = now or timezone.now()
    with transaction.atomic():
        invitation = _open_invitation(invitation, now)
        speaker = Speaker.objects.select_for_update().get(pk=invitation.speaker_id)
        changes = profile_changes(speaker, data)
        if review_required(invitation.event):
            result = _store_revision(invitation, speaker, changes, photo, now)
        elif changes or photo:
            for name, value in changes.items():
                setattr(speaker, name, value)
            if photo:
                speaker.photo = photo
            speaker.full_clean()
            result = save_speaker(speaker=speaker, photo_changed=bool(photo))
            _log(invitation, Action.PROFILE_APPLIED, detail=_describe(changes, photo), now=now)
            emails.queue_to_organisers(
                invitation, emails.Kind.CHANGES, what="profile", review=False
            )
        else:
            result = None
    return result


def _describe(changes: dict, photo) -> str:
    return ", ".join([*changes, *(["photo"] if photo else [])])


def _store_revision(invitation, speaker, changes, photo, now):
    revision = (
        SpeakerProfileRevision.objects.select_for_update()
        .filter(speaker=speaker, status=SpeakerProfileRevision.Status.PENDING)
        .first()
    )
    if revision is None:
        if not changes and not photo:
            return None
        revision = SpeakerProfileRevision(speaker=speaker)
    elif not changes and not photo and not revision.photo:
        # The speaker put everything back as it was: nothing is left to review.
        revision.delete()
        return None
    revision.invitation = invitation
    revision.changes = changes
    revision.submitted_at = now
    if photo:
        previous = revision.photo.name
        revision.photo = reencode_photo(photo)
        if previous:
            transaction.on_commit(partial(delete_photo_files, previous, revision.photo.storage))
    revision.save()
    _log(invitation, Action.PROFILE_SUBMITTED, detail=_describe(changes, photo), now=now)
    emails.queue_to_organisers(
        invitation,
        emails.Kind.CHANGES,
        what="profile",
        review=True,
        review_url=absolute_url(
            reverse("admin:vip_speakerprofilerevision_change", args=[revision.pk])
        ),
    )
    return revision


def pending_revision(speaker: Speaker) -> SpeakerProfileRevision | None:
    return SpeakerProfileRevision.objects.filter(
        speaker=speaker, status=SpeakerProfileRevision.Status.PENDING
    ).first()


def approve_revision(*, revision: SpeakerProfileRevision, by, note: str = "", now=None) -> Speaker:
    """Copy a reviewed change onto the speaker: it goes public now."""
    now = now or timezone.now()
    with transaction.atomic():
        revision = _pending(revision)
        speaker = Speaker.objects.select_for_update().get(pk=revision.speaker_id)
        for name, value in revision.changes.items():
            if name in PROFILE_FIELDS:
                setattr(speaker, name, value)
        pending_photo = revision.photo.name
        if pending_photo:
            with revision.photo.open("rb") as source:
                # Already re-encoded when it was sent: stored as it is.
                speaker.photo = ContentFile(source.read(), name=pending_photo.rsplit("/", 1)[-1])
        speaker.full_clean(exclude=["photo"])
        save_speaker(speaker=speaker, photo_changed=False)
        _close_revision(revision, SpeakerProfileRevision.Status.APPROVED, by, note, now)
    return speaker


def reject_revision(*, revision: SpeakerProfileRevision, by, note: str = "", now=None):
    """Leave the speaker as they are; the change (and its photo) is dropped."""
    now = now or timezone.now()
    with transaction.atomic():
        revision = _pending(revision)
        _close_revision(revision, SpeakerProfileRevision.Status.REJECTED, by, note, now)
    return revision


def _pending(revision):
    revision = SpeakerProfileRevision.objects.select_for_update().get(pk=revision.pk)
    if revision.status != SpeakerProfileRevision.Status.PENDING:
        raise NotPending()
    return revision


def _close_revision(revision, status, by, note, now):
    pending_photo, storage = revision.photo.name, revision.photo.storage
    revision.status = status
    revision.reviewed_at = now
    revision.reviewed_by = by if by is not None and by.is_authenticated else None
    revision.review_note = note
    revision.photo = ""
    revision.full_clean()
    revision.save()
    if pending_photo:
        transaction.on_commit(partial(delete_photo_files, pending_photo, storage))
    if revision.invitation_id:
        action = (
            Action.PROFILE_APPROVED
            if status == SpeakerProfileRevision.Status.APPROVED
            else Action.PROFILE_REJECTED
        )
        _log(revision.invitation, action, by=by, detail=note, now=now)


# --- travel ------------------------------------------------------------------------------


def logistics_for(invitation: SpeakerInvitation) -> SpeakerLogistics | None:
    return SpeakerLogistics.objects.filter(
        event_id=invitation.event_id, speaker_id=invitation.speaker_id
    ).first()


def save_travel_by_speaker(
    *, invitation: SpeakerInvitation, data: dict, now=None
) -> SpeakerLogistics:
    """The speaker's own travel details. Never public, so applied at once; the
    organisers are told that something changed (not what: the email carries none of it)."""
    now = now or timezone.now()
    with transaction.atomic():
        invitation = _open_invitation(invitation, now)
        logistics = (
            SpeakerLogistics.objects.select_for_update()
            .filter(event_id=invitation.event_id, speaker_id=invitation.speaker_id)
            .first()
        ) or SpeakerLogistics(event_id=invitation.event_id, speaker_id=invitation.speaker_id)
        changed = [
            name
            for name in SPEAKER_TRAVEL_FIELDS
            if name in data and data[name] != getattr(logistics, name)
        ]
        if not changed and logistics.pk:
            return logistics
        for name in changed:
            setattr(logistics, name, data[name])
        logistics.speaker_changed_at = now
        logistics.full_clean()
        logistics.save()
        with translation.override(settings.LANGUAGE_CODE):
            labels = ", ".join(emails.field_labels(changed))
        _log(invitation, Action.TRAVEL_CHANGED, detail=labels, now=now)
        emails.queue_to_organisers(invitation, emails.Kind.CHANGES, what="travel", fields=changed)
    return logistics


# --- reminders ---------------------------------------------------------------------------


def send_reminders(*, every_days: int = 7, now=None) -> int:
    """Email every speaker who has left an appearance unanswered for ``every_days``
    days since they were last written to (invited or reminded): at most once per
    ``every_days`` days each, however often it runs. Returns how many were sent."""
    now = now or timezone.now()
    sent = 0
    for invitation_id in list(
        selectors.due_for_reminder(every_days=every_days, now=now).values_list("pk", flat=True)
    ):
        with transaction.atomic():
            # Checked again under the lock: two runs at once remind a speaker once.
            invitation = (
                selectors.due_for_reminder(every_days=every_days, now=now)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("event", "speaker", "event__venue")
                .filter(pk=invitation_id)
                .first()
            )
            if invitation is None or now >= invitation.event.ends_at:
                continue
            invitation.last_reminded_at = now
            invitation.reminder_count += 1
            invitation.save(update_fields=["last_reminded_at", "reminder_count", "updated_at"])
            _log(invitation, Action.REMINDED, now=now)
            emails.queue_to_speaker(invitation, emails.Kind.REMINDER)
            sent += 1
    return sent


# --- privacy -----------------------------------------------------------------------------


def purge_event_data(*, cutoff, now) -> None:
    """The privacy purge's part for speakers (registered in ``registrations.hooks.on_purge``).

    For events that ended before ``cutoff``: travel details (the restricted note with
    them) are deleted, speakers' messages cleared, the history's free text emptied and
    the invitation emails deleted. Who was invited to what, and the answers, stay.
    """
    ended = {"event__end_date__lt": cutoff}
    SpeakerLogistics.objects.filter(**ended).delete()
    InvitedAppearance.objects.filter(invitation__event__end_date__lt=cutoff).exclude(
        message=""
    ).update(message="")
    InvitationActivity.objects.filter(invitation__event__end_date__lt=cutoff).exclude(
        detail=""
    ).update(detail="")
    invitations = SpeakerInvitation.objects.filter(**ended)
    invitations.exclude(personal_message="").update(personal_message="")
    OutgoingEmail.objects.filter(
        speaker_invitation_link__invitation__event__end_date__lt=cutoff
    ).delete()
    logger.info("speakers' travel details and messages purged for events ended before %s", cutoff)
