"""gongkai: 政府信息公开 sites. ``gongkai.core`` is engine-independent; ``gongkai.plugin`` adapts it to MkDocs."""
