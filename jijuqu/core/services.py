"""Writing through a form, checked against the user's scope: used by pages and the API alike."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .scope import ADD, CHANGE


def save_in_scope(form, user):
    """Save a valid ScopedModelForm; the saved row must be inside the user's scope.

    Returns the saved object, or None after adding a non-field error to the form. A forged request
    that would move a record to another zone is rolled back here, history included.
    """
    creating = form.instance.pk is None
    model = form._meta.model
    try:
        with transaction.atomic():
            saved = form.save()
            action = ADD if creating else CHANGE
            if not model.objects.restrict(user, action).filter(pk=saved.pk).exists():
                raise _OutOfScope
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
