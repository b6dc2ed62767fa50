def test_h(page, site, catalog):
    for path in ["/", "/halls/", "/items/x/", "/static/css/govhall.css"]:
        r = page.goto(site(path))
        print(path, r.status, r.all_headers())
