package dev.jgrad.autograd.engine;

import dev.jgrad.autograd.Shape;
import dev.jgrad.autograd.Tensor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Forward-mode bookkeeping, per thread: the open dual level, and the tangent each op's forward
 * attaches to its result when an input carries one. Ops say how: {@code Forward.active() ?
 * Forward.attach(y, () -> jvp, inputs) : y}, the rule written with tensor operations (so that it is
 * itself differentiable, for forward-over-reverse). While a rule runs, forward mode is suspended on
 * the thread: the rule's own operations carry no tangents.
 *
 * <p>Off costs one read of a counter of open levels on all threads.
 */
public final class Forward {
  private Forward() {}

  private static final AtomicInteger OPEN = new AtomicInteger();
  private static final AtomicLong LEVELS = new AtomicLong();
  /** Per thread: [the open level's id (0: none), rules running (their ops carry no tangents)]. */
  private static final ThreadLocal<long[]> STATE = ThreadLocal.withInitial(() -> new long[2]);

  /** Whether ops on this thread attach tangents now: a level is open and no rule is running. */
  public static boolean active() {
    if (OPEN.get() == 0) {
      return false;
    }
    long[] s = STATE.get();
    return s[0] != 0 && s[1] == 0;
  }

  /** Opens a level on this thread; returns its id. Levels do not nest (yet). */
  public static long enter() {
    long[] s = STATE.get();
    if (s[0] != 0) {
      throw new IllegalStateException("ForwardAD.dualLevel: a dual level is already open on this thread;"
          + " nested levels are not supported");
    }
    s[0] = LEVELS.incrementAndGet();
    OPEN.incrementAndGet();
    return s[0];
  }

  public static void exit(long level) {
    long[] s = STATE.get();
    if (s[0] == level) {
      s[0] = 0;
      OPEN.decrementAndGet();
    }
  }

  /** The open level on this thread, or 0. */
  public static long level() {
    return OPEN.get() == 0 ? 0 : STATE.get()[0];
  }

  /** t's tangent at the open level, or null (none, or one from a level that has closed). */
  public static Tensor tangent(Tensor t) {
    long level = level();
    return level == 0 ? null : TensorAccess.tangent(t, level);
  }

  /** Gives {@code t} the tangent {@code tangent} at the open level. */
  public static void setTangent(Tensor t, Tensor tangent) {
    TensorAccess.setTangent(t, tangent, level());
  }

  public static Tensor attach(Tensor y, Supplier<Tensor> rule, Tensor a) {
    return tangent(a) == null ? y : run(y, rule);
  }

  public static Tensor attach(Tensor y, Supplier<Tensor> rule, Tensor a, Tensor b) {
    return tangent(a) == null && tangent(b) == null ? y : run(y, rule);
  }

  public static Tensor attach(Tensor y, Supplier<Tensor> rule, Tensor... inputs) {
    for (Tensor in : inputs) {
      if (in != null && tangent(in) != null) {
        return run(y, rule);
      }
    }
    return y;
  }

  private static Tensor run(Tensor y, Supplier<Tensor> rule) {
    long[] s = STATE.get();
    Tensor t;
    s[1]++;
    try {
      t = rule.get();
    } finally {
      s[1]--;
    }
    if (t == null) {
      return y;
    }
    Shape want = TensorAccess.shape(y);
    Shape got = TensorAccess.shape(t);
    if (!got.equals(want)) {
      if (!got.broadcastsTo(want)) {
        throw new IllegalStateException(
            String.format("forward mode: a tangent of shape %s for a result of shape %s", got, want));
      }
      t = t.expand(want.dims());
    }
    if (t.dtype() != y.dtype()) {
      throw new IllegalStateException(
          String.format("forward mode: a %s tangent for a %s result", t.dtype(), y.dtype()));
    }
    TensorAccess.setTangent(y, t, s[0]);
    return y;
  }

  /** The sum of the terms that are not null, or null when all are. */
  public static Tensor sum(Tensor... terms) {
    Tensor total = null;
    for (Tensor t : terms) {
      if (t != null) {
        total = total == null ? t : total.add(t);
      }
    }
    return total;
  }

  /** x's tangent, or zeros of x's shape when it has none. */
  public static Tensor tangentOrZeros(Tensor x) {
    Tensor t = tangent(x);
    return t != null ? t : Tensor.zeros(x.dtype(), x.shape());
  }
}
