"""Reference values for TransformsTest: torch.autograd.functional in float64 on the functions the
test writes again in jgrad. Regenerate with
    /usr/bin/python3 autograd/src/test/python/torch_functional.py > autograd/src/test/resources/torch-functional.txt
(Debian's python3-torch). Each line: name, shape (comma separated, '-' for 0-d), values."""
import torch
from torch.autograd.functional import jacobian, hessian, vjp, jvp, hvp

torch.set_default_dtype(torch.float64)
A = torch.tensor([[0.3, -0.7, 1.1], [0.5, 0.2, -0.4], [-1.2, 0.8, 0.6], [0.9, -0.1, 0.25]])
x3 = torch.tensor([0.4, -1.3, 0.75])
x4 = torch.tensor([0.2, -0.5, 1.5, -2.0])
w = torch.tensor([1.0, -2.0, 0.5, 3.0])


def f(x):  # R^3 -> R^4: tanh(A x) + |x|^2
    return torch.tanh(A @ x) + (x * x).sum()


def g(x):  # R^4 -> R: sum(x^3)/3 + w . softplus(x) + (sum x)^2
    return (x ** 3).sum() / 3 + (w * torch.nn.functional.softplus(x)).sum() + x.sum() ** 2


def wide(x):  # R^2 -> R^5
    return torch.stack([x[0] * x[1], torch.sin(x[0]), torch.exp(x[1]), x[0] ** 2, torch.log1p(x[1] ** 2)])


def show(name, t):
    t = t.detach()
    shape = ",".join(str(d) for d in t.shape) or "-"
    print(name, shape, " ".join(repr(v) for v in t.reshape(-1).tolist()))


v4 = torch.tensor([0.5, -1.0, 2.0, 0.25])
u3 = torch.tensor([1.0, 0.5, -2.0])
u4 = torch.tensor([-0.3, 0.9, 0.1, 1.7])
x2 = torch.tensor([0.7, -0.4])
show("jacobian_f", jacobian(f, x3))
show("vjp_f", vjp(f, x3, v4)[1])
show("jvp_f", jvp(f, x3, u3)[1])
show("hessian_g", hessian(g, x4))
show("hvp_g", hvp(g, x4, u4)[1])
show("jacobian_wide", jacobian(wide, x2))
