"""forward_ref: cycles between modules and between providers."""

from typing import Annotated

from nest.di import Inject, Injectable, Lazy, Module, forward_ref


@Injectable
class OrdersService:
    # Invoices is defined below and depends on OrdersService: forward_ref breaks the cycle.
    # OrdersService receives the InvoicesService instance before its constructor has run,
    # so it must not call it from __init__.
    def __init__(
        self, invoices: Annotated["InvoicesService", Inject(forward_ref(lambda: InvoicesService))]
    ) -> None:
        self.invoices = invoices

    def total(self) -> int:
        return 42


@Injectable
class InvoicesService:
    def __init__(self, orders: OrdersService) -> None:
        self.orders = orders

    def invoice(self) -> str:
        return f"invoice for {self.orders.total()}"


@Injectable
class Shipping:
    # Lazy[...] is the other way out of a cycle: resolve when needed.
    def __init__(self, orders: Lazy[OrdersService]) -> None:
        self.orders = orders


@Module(
    imports=[forward_ref(lambda: BillingModule)],
    providers=[OrdersService, Shipping],
    exports=[OrdersService],
)
class OrdersModule:
    pass


@Module(imports=[OrdersModule], providers=[InvoicesService], exports=[InvoicesService])
class BillingModule:
    pass
