"""GovHall: one system behind the portal, the mobile pages, the hall windows and the kiosks."""
