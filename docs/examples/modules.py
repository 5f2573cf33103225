"""Modules: encapsulation, exports, re-exports, global modules."""

from nest.di import Injectable, Module


@Injectable
class Database:
    def query(self) -> str:
        return "rows"


@Injectable
class Cache:
    pass


# DatabaseModule keeps Cache to itself and shares Database.
@Module(providers=[Database, Cache], exports=[Database])
class DatabaseModule:
    pass


# CoreModule re-exports DatabaseModule: whoever imports CoreModule sees Database too.
@Module(imports=[DatabaseModule], exports=[DatabaseModule])
class CoreModule:
    pass


@Injectable
class Clock:
    def now(self) -> str:
        return "12:00"


# A global module's exports are visible everywhere without importing it.
@Module(providers=[Clock], exports=[Clock], is_global=True)
class ClockModule:
    pass


@Injectable
class ReportService:
    def __init__(self, db: Database, clock: Clock) -> None:
        self.db = db
        self.clock = clock

    def report(self) -> str:
        return f"{self.db.query()} at {self.clock.now()}"


@Module(imports=[CoreModule], providers=[ReportService])
class ReportsModule:
    pass


@Module(imports=[ClockModule, ReportsModule])
class AppModule:
    pass
