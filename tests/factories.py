import factory
from django.contrib.auth.models import Group, User

from config.roles import CURATOR, HIRING_MANAGER, INTERVIEWER, ensure_roles

PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def role(self, create, extracted, **kwargs):
        if extracted:
            ensure_roles()
            self.groups.add(Group.objects.get(name=extracted))
            if extracted == CURATOR:
                self.is_staff = True
                self.save(update_fields=["is_staff"])


def curator(**kwargs) -> User:
    return UserFactory(username="carla", first_name="Carla", role=CURATOR, **kwargs)


def interviewer(username: str, first_name: str, **kwargs) -> User:
    return UserFactory(username=username, first_name=first_name, role=INTERVIEWER, **kwargs)


def hiring_manager(**kwargs) -> User:
    return UserFactory(username="mira", first_name="Mira", role=HIRING_MANAGER, **kwargs)


def hiring_manager_who_interviews(username: str) -> User:
    """A hiring manager who also sits on panels (both roles)."""
    user = UserFactory(username=username, first_name="Hana", role=HIRING_MANAGER)
    user.groups.add(Group.objects.get(name=INTERVIEWER))
    return user
