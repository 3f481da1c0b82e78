"""The web app's routes, one module per area; each defines ``router``."""
