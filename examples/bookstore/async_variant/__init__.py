"""The async book store: ``AsyncOrmProvider``, ``Repository`` and ``async def`` handlers."""
