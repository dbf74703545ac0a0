package dev.jgrad.autograd;

/** Removes a gradient hook registered with {@link Tensor#registerHook}. */
public final class HookHandle {
  private final Runnable remover;

  HookHandle(Runnable remover) {
    this.remover = remover;
  }

  /** Removes the hook, so later backward passes no longer call it. */
  public void remove() {
    remover.run();
  }
}
