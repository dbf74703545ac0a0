package dev.jgrad.autograd.engine;

import dev.jgrad.autograd.Tensor;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * One backward pass's account of the arrays it made, so that it can give back to {@link Buffers}
 * those that no tensor outside the pass can reach. An array counts as made by the pass when built-in
 * code (a built-in op's backward, or the engine's own sums) took it from {@link Buffers} during the
 * pass. It is given back when the last pending gradient holding it has been consumed, unless it
 * escaped first: passed to a hook, to a custom node's backward, to a leaf that kept it as its
 * gradient, or returned to the caller. The temporaries a built-in backward makes and does not return
 * are given back as soon as it returns: built-in ops keep nothing from their backward.
 *
 * <p>Arrays are compared by identity: views (reshape, detach) share their base's array, so a
 * gradient passed on as a view keeps its array alive.
 */
final class Recycler {
  /** Arrays made by the pass, not given back and not escaped. */
  private final Map<Object, Boolean> made = new IdentityHashMap<>();
  /** For each made array, how many nodes' pending gradients hold it. */
  private final Map<Object, Integer> holders = new IdentityHashMap<>();
  /** What built-in code took from the pool since {@link #startBuiltIn}. */
  private final Map<Object, Boolean> taken = new IdentityHashMap<>();
  /** This thread's pool: a pass runs on one thread. */
  private final Buffers.Pool pool = Buffers.pool();

  /** Notes every array taken from the pool from now until {@link #endBuiltIn}. */
  void startBuiltIn() {
    pool.recording = taken;
  }

  /**
   * Stops noting; the arrays taken that {@code results} hold are now made by the pass, the others
   * (temporaries) go back to the pool.
   */
  void endBuiltIn(Tensor... results) {
    pool.recording = null;
    if (taken.isEmpty()) {
      return; // nothing of a pooled size: small tensors cost the pass no bookkeeping
    }
    for (Tensor t : results) {
      if (t != null) {
        Object array = TensorAccess.data(t);
        if (taken.remove(array) != null) {
          made.put(array, Boolean.TRUE);
        }
      }
    }
    for (Object array : taken.keySet()) {
      pool.give(array);
    }
    taken.clear();
  }

  /** Stops noting, after a failure: nothing taken is given back. */
  void abandon() {
    pool.recording = null;
    taken.clear();
  }

  /** g has become a node's pending gradient. */
  void hold(Tensor g) {
    if (made.isEmpty()) {
      return;
    }
    Object array = TensorAccess.data(g);
    if (made.containsKey(array)) {
      holders.merge(array, 1, Integer::sum);
    }
  }

  /** A pending gradient holding g was consumed or replaced; gives g's array back if nothing holds it. */
  void release(Tensor g) {
    if (made.isEmpty()) {
      return;
    }
    Object array = TensorAccess.data(g);
    if (!made.containsKey(array)) {
      return;
    }
    Integer held = holders.get(array);
    if (held == null || held <= 1) {
      holders.remove(array);
      giveIfUnheld(g);
    } else {
      holders.put(array, held - 1);
    }
  }

  /** Gives g's array back if the pass made it and no pending gradient holds it. */
  void giveIfUnheld(Tensor g) {
    if (made.isEmpty()) {
      return;
    }
    Object array = TensorAccess.data(g);
    if (made.containsKey(array) && !holders.containsKey(array)) {
      made.remove(array);
      pool.give(array);
    }
  }

  /** g may be reachable from outside the pass from now on: its array is never given back. */
  void escape(Tensor g) {
    if (made.isEmpty()) {
      return;
    }
    Object array = TensorAccess.data(g);
    made.remove(array);
    holders.remove(array);
  }

  /** Whether g's array was made by the pass and only the one pending gradient being consumed holds it. */
  boolean exclusive(Tensor g) {
    Object array = TensorAccess.data(g);
    return made.containsKey(array) && holders.getOrDefault(array, 0) == 1;
  }
}
