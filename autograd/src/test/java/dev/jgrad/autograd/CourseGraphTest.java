package dev.jgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The computation graph of the course: J = 3(a + bc), u = bc, v = a + u, J = 3v. */
class CourseGraphTest {

  @Test
  void forwardAndBackwardGiveTheCourseValues() {
    Tensor a = Tensor.scalar(5).requiresGrad(true);
    Tensor b = Tensor.scalar(3).requiresGrad(true);
    Tensor c = Tensor.scalar(2).requiresGrad(true);

    Tensor u = b.mul(c);
    Tensor v = a.add(u);
    Tensor j = v.mul(3);
    j.backward();

    assertEquals(6, u.item());
    assertEquals(11, v.item());
    assertEquals(33, j.item());
    assertEquals(3, a.grad().item());
    assertEquals(6, b.grad().item());
    assertEquals(9, c.grad().item());
  }

  @Test
  void intermediateGradientsAreTheChainRuleFactors() {
    Tensor a = Tensor.scalar(5).requiresGrad(true);
    Tensor b = Tensor.scalar(3).requiresGrad(true);
    Tensor c = Tensor.scalar(2).requiresGrad(true);
    Tensor u = b.mul(c).retainGrad();
    Tensor v = a.add(u).retainGrad();
    v.mul(3).backward();

    assertEquals(3, v.grad().item()); // dJ/dv
    assertEquals(3, u.grad().item()); // dJ/du = dJ/dv · dv/du
  }
}
