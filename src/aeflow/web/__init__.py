"""The web workspace: ``create_app(settings)`` builds the FastAPI application."""
