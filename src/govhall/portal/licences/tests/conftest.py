import pytest

from govhall.licences.tests import wallet_factories


@pytest.fixture
def people(db):
    return wallet_factories.wallet()


@pytest.fixture
def act_for():
    """act_for(client, organisation): switch the signed-in person to acting for the enterprise (as 我的账户 does)."""
    from govhall.accounts.access import ACTING_FOR_SESSION_KEY

    def switch(client, organisation):
        session = client.session
        session[ACTING_FOR_SESSION_KEY] = organisation.pk
        session.save()

    return switch
