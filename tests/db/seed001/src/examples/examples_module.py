from nest.core import Module
from .examples_service import ExamplesService
from .examples_controller import ExamplesController


@Module(controllers=[ExamplesController], providers=[ExamplesService], imports=[])
class ExamplesModule:
    pass
