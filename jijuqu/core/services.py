"""Writing through a form, checked against the user's scope: used by pages and the API alike.

The same function refuses a save from a stale copy (the row's version moved on since the form was
filled: "已被他人修改", with what changed) and a second POST of the same create form (its one-time
token was already used: the first POST's record is returned, nothing new is made).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import FormSubmission, StaleRecord
from .scope import ADD, CHANGE, VIEW


def save_in_scope(form, user):
    """Save a valid ScopedModelForm; the saved row must be inside the user's scope.

    Returns the saved object, or None after adding a non-field error to the form. A forged request
    that would move a record to another zone is rolled back here, history included. After a second
    POST of a create form, returns the first POST's record and sets `form.duplicate`.
    """
    creating = form.instance.pk is None
    model = form._meta.model
    token = form.cleaned_data.get("form_token") if creating else None
    form.duplicate = False
    try:
        with transaction.atomic():
            if token and not claim_token(token, user, posted_digest(form.data)):
                raise _AlreadySubmitted
            saved = form.save()
            action = ADD if creating else CHANGE
            if not model.objects.restrict(user, action).filter(pk=saved.pk).exists():
                raise _OutOfScope
            if token:
                FormSubmission.objects.filter(token=token).update(
                    content_type=ContentType.objects.get_for_model(model), object_id=saved.pk
                )
    except _AlreadySubmitted:
        earlier = submitted_record(token, user)
        if earlier is not None:
            form.duplicate = True
            return earlier
        form.add_error(None, _("This form was already submitted; nothing was saved again."))
    except StaleRecord:
        refuse_stale(form)
    except _OutOfScope:
        form.add_error(None, _("You can only save records within your own scope."))
    except IntegrityError:
        form.add_error(None, _("This record conflicts with an existing one; nothing was saved."))
    else:
        return saved
    if creating:
        form.instance.pk = None
    return None


class _OutOfScope(Exception):
    pass


class _AlreadySubmitted(Exception):
    pass


# -- one-time tokens of create forms --------------------------------------------------------------


# The same content posted again by the same user within this time is the same record.
REPOST_WINDOW = dt.timedelta(minutes=30)
NOT_CONTENT = {"csrfmiddlewaretoken", "form_token", "row_version"}


def posted_digest(data) -> str:
    """A digest of what a create form posted, without the token and the CSRF token."""
    getlist = getattr(data, "getlist", None)
    items = {key: getlist(key) if getlist else data[key] for key in sorted(data) if key not in NOT_CONTENT}
    return hashlib.sha256(json.dumps(items, sort_keys=True, default=str).encode()).hexdigest()


def claim_token(token: str, user, digest: str = "") -> bool:
    """True if this POST is the first with `token`. Inside the caller's transaction: a second POST
    waits for the first to commit (unique index) and then finds the token taken."""
    try:
        with transaction.atomic():
            FormSubmission.objects.create(token=token, user=user, digest=digest)
    except IntegrityError:
        return False
    return True


def submitted_record(token: str | None, user, model=None, data=None):
    """The record an earlier POST with this token made, if the user may still see it; with `model`
    and `data`, also one that the same content posted to a form for `model` made a short while ago
    (the back button, then save again: the page was fetched anew, with a new token)."""
    rows = FormSubmission.objects.filter(user=user, object_id__isnull=False)
    row = rows.filter(token=token).first() if token else None
    if row is None and model is not None and data is not None:
        row = (
            rows.filter(
                digest=posted_digest(data),
                content_type=ContentType.objects.get_for_model(model),
                created__gte=timezone.now() - REPOST_WINDOW,
            )
            .order_by("-created")
            .first()
        )
    if row is None:
        return None
    model = row.content_type.model_class()
    return model.objects.restrict(user, VIEW).filter(pk=row.object_id).first()


# -- stale copies ---------------------------------------------------------------------------------


def refuse_stale(form) -> None:
    """Tell the user that someone saved the record since they opened it, and what they changed.

    `form.conflicts` lists (field, their value, your value) for every field the other save changed
    (found from history at the version the user started from) that the user now sets differently.
    The form is given the current version, so saving again after reading them is a deliberate choice.
    """
    instance = form.instance
    model = type(instance)
    current = model.all_objects.get(pk=instance.pk)
    history = getattr(instance, "history", None)
    base = (
        history.filter(version=instance.version).order_by("-history_date", "-history_id").first()
        if history is not None
        else None
    )
    conflicts = []
    for name in form.fields:
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:  # form-only fields (photos, version, token)
            continue
        if not getattr(field, "concrete", False) or field.many_to_many:
            continue
        theirs, yours = getattr(current, field.attname), getattr(instance, field.attname)
        changed_by_them = theirs != getattr(base, field.attname) if base is not None else theirs != yours
        if changed_by_them and theirs != yours:
            conflicts.append((field.verbose_name, display(current, field), display(instance, field)))
    form.conflicts = conflicts
    form.stale = True
    form.add_error(
        None,
        _(
            "Someone else changed this record (version %(theirs)s) after you opened it (version %(yours)s); "
            "nothing was saved. Check their changes below, then save again to keep yours."
        )
        % {"theirs": current.version, "yours": instance.version},
    )
    if hasattr(form.data, "copy"):
        form.data = form.data.copy()
        form.data[form.add_prefix("row_version")] = current.version
    instance.version = current.version


def display(obj, field):
    if field.choices:
        return getattr(obj, f"get_{field.name}_display")()
    if field.is_relation:
        return getattr(obj, field.name)
    return getattr(obj, field.attname)
