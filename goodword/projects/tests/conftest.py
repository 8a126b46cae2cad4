"""The members of the project scenarios, shared by the projects tests."""

import pytest

from goodword.accounts.tests.factories import UserFactory
from goodword.topics.services import get_or_create_topic

from .factories import rec


@pytest.fixture
def people(db):
    """Lena starts the project. She recommended Anna, Carla and Dora; Anna recommends Bernd for
    carpentry (Bernd does not know Lena); Carla recommended Lena back; Eva lists carpentry and
    Lena recommended her for something else; Sven is a stranger who also lists carpentry."""
    carpentry = get_or_create_topic("Tischlerei")
    design = get_or_create_topic("Grafik")
    lena = UserFactory(display_name="Lena Lorenz", email="lena@goodword.test")
    anna = UserFactory(display_name="Anna Adler", email="anna@goodword.test")
    bernd = UserFactory(display_name="Bernd Berg", email="bernd@goodword.test")
    carla = UserFactory(display_name="Carla Christ", email="carla@goodword.test")
    dora = UserFactory(display_name="Dora Dahl", email="dora@goodword.test", topics=[carpentry])
    eva = UserFactory(display_name="Eva Ernst", email="eva@goodword.test", topics=[carpentry])
    sven = UserFactory(display_name="Sven Seller", email="sven@goodword.test", topics=[carpentry])
    rec(lena, anna)
    rec(anna, bernd, ["Tischlerei"])
    rec(lena, carla, ["Grafik"])
    rec(carla, lena)
    rec(lena, dora)
    rec(lena, eva, ["Buchhaltung"])
    return {
        "lena": lena,
        "anna": anna,
        "bernd": bernd,
        "carla": carla,
        "dora": dora,
        "eva": eva,
        "sven": sven,
        "carpentry": carpentry,
        "design": design,
    }
