"""marshmallow schemas: they validate every input and shape every output."""
