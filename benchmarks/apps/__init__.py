"""The two applications under test: bare FastAPI and nest, with identical endpoints and responses."""
