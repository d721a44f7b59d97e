from __future__ import annotations

from django import forms

from .scope import VIEW


class ScopedModelForm(forms.ModelForm):
    """A ModelForm whose related-object choices are only those the user may see.

    Saving is checked again by the edit view (the saved row must be in the user's scope), so a
    forged POST cannot place a row outside it either.
    """

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        for field in self.fields.values():
            qs = getattr(field, "queryset", None)
            if qs is not None and hasattr(qs, "restrict") and user is not None:
                field.queryset = qs.model.objects.restrict(user, VIEW)
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
