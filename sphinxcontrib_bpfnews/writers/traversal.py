"""Walking the trees the extension makes in bulk through a writer's translator.

A series' and talk's lines (:mod:`.expand`) and the site's generated pages are
most of the nodes a newsletter's writers visit: the lines are some 100,000 of the
130,000 nodes of the issue pages of a site of 100 issues. Docutils'
:meth:`~docutils.nodes.Node.walkabout` formats two debug messages for every node
whether or not the debug log is on, and Sphinx's translators look each node's
visitor up through its class's ancestors, formatting a method name at every step,
for every node; together they were a third of the time spent writing those
nodes. :func:`walkabout` calls the same visitors, in the same order, with the same
handling of :class:`~docutils.nodes.SkipNode` and its kin, and looks each node
class's visitors up once per translator.

The lookup is Sphinx's (:meth:`sphinx.util.docutils.SphinxTranslator.dispatch_visit`):
it is done here only for translators that dispatch that way; any other visitor,
and any walk while docutils' debug log is on, gets its own dispatch and docutils'
walk.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from docutils import nodes
from sphinx.util.docutils import SphinxTranslator

if TYPE_CHECKING:
    from collections.abc import Callable

    #: A visitor or departure handler, called with the translator and the node.
    Handler = Callable[[nodes.NodeVisitor, nodes.Node], object]

#: For each translator, the visitor and departure handler of each node class met.
#: The handlers are functions, never methods bound to the translator, so an entry
#: holds nothing that keeps its translator (and the page it wrote) alive.
_HANDLERS: WeakKeyDictionary[nodes.NodeVisitor, dict[type[nodes.Node], tuple[Handler, Handler]]]
_HANDLERS = WeakKeyDictionary()


def _visit_by_dispatch(visitor: nodes.NodeVisitor, node: nodes.Node) -> None:
    visitor.dispatch_visit(node)


def _depart_by_dispatch(visitor: nodes.NodeVisitor, node: nodes.Node) -> None:
    visitor.dispatch_departure(node)


def _looked_up(visitor: nodes.NodeVisitor, cls: type[nodes.Node]) -> tuple[Handler, Handler]:
    """The handlers Sphinx's dispatch calls for a node of class ``cls``: the first
    ``visit_``/``depart_`` method along the class's ancestors, as a function of the
    translator and the node. Where there is none (the translator's
    ``unknown_visit`` is called), or what is found is not a method of this
    translator, the translator's own dispatch is called, node by node."""
    found: list[Handler] = []
    for prefix, dispatch in (
        ("visit_", _visit_by_dispatch),
        ("depart_", _depart_by_dispatch),
    ):
        method = None
        for node_class in cls.__mro__:
            method = getattr(visitor, prefix + node_class.__name__, None)
            if method:
                break
        if method and getattr(method, "__self__", None) is visitor:
            found.append(method.__func__)
        else:
            found.append(dispatch)
    return found[0], found[1]


def _dispatches_as_sphinx(visitor: nodes.NodeVisitor) -> bool:
    kind = type(visitor)
    return (
        kind.dispatch_visit is SphinxTranslator.dispatch_visit
        and kind.dispatch_departure is SphinxTranslator.dispatch_departure
    )


#: The handlers of a translator that dispatches in a way of its own: its dispatch.
_BY_DISPATCH: tuple[Handler, Handler] = (_visit_by_dispatch, _depart_by_dispatch)


def walkabout(node: nodes.Node, visitor: nodes.NodeVisitor) -> bool:
    """``node.walkabout(visitor)``: visit ``node`` and everything under it, departing
    each after its children; True when a visitor stopped the traversal."""
    if visitor.document.reporter.debug_flag:
        return node.walkabout(visitor)
    if not _dispatches_as_sphinx(visitor):
        return _walk(node, visitor, {}, lambda cls: _BY_DISPATCH)
    handlers = _HANDLERS.get(visitor)
    if handlers is None:
        handlers = _HANDLERS[visitor] = {}
    return _walk(node, visitor, handlers, lambda cls: _looked_up(visitor, cls))


def walk_children(node: nodes.Node, visitor: nodes.NodeVisitor) -> None:
    """From a visitor of ``node``: walk its children here, then tell the walk that
    called the visitor to go on with ``node``'s departure, as docutils would have."""
    for child in node.children[:]:
        if walkabout(child, visitor):
            raise nodes.StopTraversal
    raise nodes.SkipChildren


def _walk(
    node: nodes.Node,
    visitor: nodes.NodeVisitor,
    handlers: dict[type[nodes.Node], tuple[Handler, Handler]],
    look_up: Callable[[type[nodes.Node]], tuple[Handler, Handler]],
) -> bool:
    """Docutils' walk from ``node``, with the ``handlers`` of each node class, those
    not met yet found by ``look_up``. (A function of the module: a function nested
    here would refer to itself, a cycle holding the translator until the collector
    comes.)"""
    found = handlers.get(node.__class__)
    if found is None:
        found = handlers[node.__class__] = look_up(node.__class__)
    call_depart = True
    stop = False
    try:
        try:
            found[0](visitor, node)
        except nodes.SkipNode:
            return stop
        except nodes.SkipDeparture:
            call_depart = False
        children = node.children
        if children:
            try:
                for child in children[:]:
                    if _walk(child, visitor, handlers, look_up):
                        stop = True
                        break
            except nodes.SkipSiblings:
                pass
    except nodes.SkipChildren:
        pass
    except nodes.StopTraversal:
        stop = True
    if call_depart:
        found[1](visitor, node)
    return stop
