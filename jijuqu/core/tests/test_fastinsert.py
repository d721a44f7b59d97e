from decimal import Decimal

import pytest

from jijuqu.core.fastinsert import insert
from jijuqu.core.testing import credit
from jijuqu.enterprises.models import Enterprise

pytestmark = pytest.mark.django_db


def test_inserted_rows_get_ids_timestamps_and_their_history(world):
    user = world.user("zone_a")
    objs = [
        Enterprise(
            name=f"快速企业{i}",
            credit_code=credit("410882", 900 + i),
            zone=world.zone_a,
            registered_capital=Decimal("12.34"),
        )
        for i in range(3)
    ]
    insert(Enterprise, objs, user)
    assert all(o.pk for o in objs) and len({o.pk for o in objs}) == 3
    stored = Enterprise.objects.get(pk=objs[0].pk)
    assert stored.name == "快速企业0" and stored.registered_capital == Decimal("12.34") and stored.created
    record = stored.history.get()
    assert (record.history_type, record.history_user, record.name, record.zone_id) == (
        "+",
        user,
        "快速企业0",
        world.zone_a.pk,
    )


def test_ids_of_deleted_rows_are_not_reused(world):
    last = Enterprise.objects.order_by("-pk").first()
    last_pk = last.pk
    last.delete()
    obj = Enterprise(name="新企业", credit_code=credit("410882", 990), zone=world.zone_a)
    insert(Enterprise, [obj])
    assert obj.pk > last_pk
    # And the database's own sequence continues after it.
    later = Enterprise.objects.create(name="再一个企业", credit_code=credit("410882", 991), zone=world.zone_a)
    assert later.pk > obj.pk


def test_amounts_are_saved_as_the_field_saves_them_whatever_their_type(world):
    """Decimals go to the database as they are (and their history with them); a float, a text or a
    non-finite Decimal in the column goes through the field, which refuses the latter."""
    from django.core.exceptions import ValidationError

    def make(capitals, first=700):
        return [
            Enterprise(
                name=f"金额企业{i}",
                credit_code=credit("410882", first + i),
                zone=world.zone_a,
                registered_capital=c,
            )
            for i, c in enumerate(capitals)
        ]

    objs = make([Decimal("1.10"), None, Decimal("1234567890123.45")])
    insert(Enterprise, objs)
    stored = [Enterprise.objects.get(pk=o.pk).registered_capital for o in objs]
    assert stored == [Decimal("1.10"), None, Decimal("1234567890123.45")]
    assert Enterprise.history.get(id=objs[0].pk).registered_capital == Decimal("1.10")
    mixed = make([Decimal("2.5"), 3.25, "4.75"], first=750)
    insert(Enterprise, mixed)
    assert [Enterprise.objects.get(pk=o.pk).registered_capital for o in mixed] == [
        Decimal("2.5"),
        Decimal("3.25"),
        Decimal("4.75"),
    ]
    with pytest.raises(ValidationError):
        insert(Enterprise, make([Decimal("1"), Decimal("NaN")], first=780))
