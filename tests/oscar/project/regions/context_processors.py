from .visitor import visitor as _visitor


def visitor(request):
    return {"visitor": _visitor(request)}
