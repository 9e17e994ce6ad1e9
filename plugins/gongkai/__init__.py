"""gongkai: 政府信息公开 sites. ``gongkai.core`` is engine-independent; ``gongkai.mkdocs`` adapts it to MkDocs and Material."""
