from django.core.management import get_commands


def test_load_demo_is_the_demo_apps_command():
    """`manage.py load_demo` (Makefile, bench) comes from the demo app, above every domain app."""
    assert get_commands()["load_demo"] == "govhall.demo"
