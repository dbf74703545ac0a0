package dev.jgrad.autograd.engine;

/**
 * The numbers a backward pass gives the nodes it could not claim (another running pass holds them,
 * e.g. a shared parameter's sink): an open-addressing table keyed by node identity, without the
 * boxing of an {@code IdentityHashMap<Node, Integer>}.
 */
final class NodeIndex {
  private Node[] keys = new Node[64];
  private int[] values = new int[64];
  private int size;

  /** The node's number, or -1 when it has none. */
  int get(Node node) {
    Node[] k = keys;
    int mask = k.length - 1;
    for (int i = hash(node) & mask; ; i = (i + 1) & mask) {
      Node at = k[i];
      if (at == node) {
        return values[i];
      }
      if (at == null) {
        return -1;
      }
    }
  }

  /** Numbers a node that has none yet. */
  void put(Node node, int value) {
    if (2 * (size + 1) > keys.length) {
      grow();
    }
    insert(node, value);
    size++;
  }

  private void insert(Node node, int value) {
    int mask = keys.length - 1;
    int i = hash(node) & mask;
    while (keys[i] != null) {
      i = (i + 1) & mask;
    }
    keys[i] = node;
    values[i] = value;
  }

  private static int hash(Node node) {
    int h = System.identityHashCode(node);
    return h ^ (h >>> 16);
  }

  private void grow() {
    Node[] oldKeys = keys;
    int[] oldValues = values;
    keys = new Node[oldKeys.length * 2];
    values = new int[oldKeys.length * 2];
    for (int i = 0; i < oldKeys.length; i++) {
      if (oldKeys[i] != null) {
        insert(oldKeys[i], oldValues[i]);
      }
    }
  }
}
