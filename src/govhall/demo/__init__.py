"""The demo data of every domain app, loaded in order by `manage.py load_demo`. It sits above all the domain apps (it
imports them; none imports it)."""
