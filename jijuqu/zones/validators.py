from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

region_code_validator = RegexValidator(r"^\d{6}$", _("A region code is six digits (GB/T 2260), e.g. 410882."))
industry_code_validator = RegexValidator(
    r"^[A-T](\d{2,4})?$", _("An industry code is a GB/T 4754 letter with up to four digits, e.g. C38.")
)
