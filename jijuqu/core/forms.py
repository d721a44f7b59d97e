from __future__ import annotations

import copy
import secrets

from django import forms
from django.db.models import Q
from django.db.models.fields import BLANK_CHOICE_DASH
from django.utils.translation import gettext_lazy as _

from .scope import VIEW, locked_fields
from .tokens import MAX_DAYS

DJANGO_BLANK = BLANK_CHOICE_DASH[0][1]  # "---------"
NO_CHOICE = "—"  # an optional select left empty, as the lists and filters print nothing


def label_empty_choices(fields) -> None:
    """Give every select's empty choice the app's words instead of Django's "---------": 请选择… where a
    choice must be made, — where none is needed. Called by the form bases below (and by a form that adds
    fields after them)."""
    for field in fields:
        label = _("Choose…") if field.required else NO_CHOICE
        if isinstance(field, forms.ModelChoiceField):
            if field.empty_label == DJANGO_BLANK:
                field.empty_label = label
        elif isinstance(field, forms.ChoiceField):
            choices = list(field.choices)
            if any(value == "" and text == DJANGO_BLANK for value, text in choices):
                field.choices = [(v, label if v == "" and t == DJANGO_BLANK else t) for v, t in choices]


class Form(forms.Form):
    """The base of the app's plain forms: empty choices read as in ScopedModelForm."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        label_empty_choices(self.fields.values())


class ScopedModelForm(forms.ModelForm):
    """A ModelForm whose related-object choices are only those the user may see.

    Saving is checked again by the edit view (the saved row must be in the user's scope), so a
    forged POST cannot place a row outside it either.
    """

    # The version of the row this form was filled from (an edit saved from a stale copy is refused),
    # and a create form's one-time token (a second POST of the same form makes nothing new).
    row_version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    form_token = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # Fields the user may not write (scope-deciding ones, and those its role does not work) are
        # shown read-only; a forged value is refused in full_clean (a disabled field alone would
        # silently keep the old value).
        self.locked = sorted(locked_fields(user, self._meta.model) & set(self.fields)) if user else []
        deciding = self._meta.model.scope.deciding
        for name in self.locked:
            self.fields[name].disabled = True
            self.fields[name].help_text = (
                _("Only the level above or an administrator may change this.")
                if name in deciding
                else _("Your role may not change this; the zone office or the level above keeps it.")
            )
        if self.instance.pk is None:
            del self.fields["row_version"]
            self.initial.setdefault("form_token", secrets.token_urlsafe(24))
        else:
            del self.fields["form_token"]
            self.initial["row_version"] = getattr(self.instance, "version", None)
        for name, field in self.fields.items():
            qs = getattr(field, "queryset", None)
            if qs is not None and hasattr(qs, "restrict") and user is not None:
                field.queryset = self.scoped_choices(name, qs.model, user)
            widget = field.widget
            css = (
                "form-select" if isinstance(widget, (forms.Select, forms.SelectMultiple)) else "form-control"
            )
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            widget.attrs.setdefault("class", css)
            if isinstance(widget, forms.DateInput):
                widget.input_type = "date"
                widget.format = "%Y-%m-%d"
        label_empty_choices(self.fields.values())

    def full_clean(self):
        super().full_clean()
        if not self.is_bound:
            return
        for name in self.locked:
            field, key = self.fields[name], self.add_prefix(name)
            if key not in self.data:
                continue
            sent = field.widget.value_from_datadict(self.data, self.files, key)
            writable = copy.copy(field)
            writable.disabled = False
            if writable.has_changed(self.get_initial_for_field(field, name), sent):
                # Shown under the field on the page; the API prefixes the field's label (form_errors).
                self.add_error(
                    name,
                    _(
                        "This field decides whose scope the record is in; only the level above or an "
                        "administrator may change it. Nothing was saved."
                    )
                    if name in self._meta.model.scope.deciding
                    else _(
                        "Your role may not change this field; the zone office or the level above keeps "
                        "it. Nothing was saved."
                    ),
                )

    def _post_clean(self):
        super()._post_clean()
        # The save is checked against the version the user saw, not the one just read from the database.
        if self.cleaned_data.get("row_version") and hasattr(self.instance, "version"):
            self.instance.version = self.cleaned_data["row_version"]

    def scoped_choices(self, name, model, user):
        """Rows the user may see; on an existing record its current choice stays selectable, so a
        department user can work a problem about a project it does not otherwise see."""
        visible = model.objects.restrict(user, VIEW)
        current = getattr(self.instance, f"{name}_id", None) if self.instance.pk else None
        if current is None:
            return visible
        return model.objects.filter(Q(pk__in=visible.values("pk")) | Q(pk=current))


def form_errors(form) -> dict[str, list[str]]:
    """Errors keyed by field name, each message prefixed with the field's label ("名称：…"), as the
    edit pages show them; used for the API's 422 answers and for messages after a POST."""
    errors = {}
    for field, messages in form.errors.items():
        label = form.fields[field].label if field in form.fields else None
        errors[field] = [f"{label}：{m}" if label else str(m) for m in messages]
    return errors


class TokenForm(Form):
    """A new API token: what it is for, and for how many days it works."""

    name = forms.CharField(
        label=_("Name"),
        max_length=100,
        help_text=_("What or who uses it, e.g. the statistics bureau's data feed"),
    )
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=MAX_DAYS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")
