import { describe, expect, it } from "vitest";
import { createEditorStore } from "@/components/editor/store";
import { flowDocument } from "../factories/flow-document";

describe("editor store", () => {
  const loaded = () => {
    const store = createEditorStore();
    store.getState().load(flowDocument({ chain: ["a", "b"] }), 3);
    return store;
  };

  it("loads a version clean, and its document round-trips", () => {
    const store = loaded();
    expect(store.getState()).toMatchObject({ baseVersion: 3, dirty: false, past: [] });
    expect(store.getState().document()).toEqual(flowDocument({ chain: ["a", "b"] }));
  });

  it("undoes and redoes adds, connections, edits and deletions in order", () => {
    const store = loaded();
    const s = () => store.getState();
    const id = s().addBlock("flow.delay", { x: 10, y: 20 });
    expect(id).toBe("delay");
    s().connect({ source: "b", target: "delay", sourceHandle: null });
    s().checkpoint();
    s().updateNode("delay", { name: "Wait a bit" });
    s().onNodesChange([{ type: "remove", id: "a" }]);
    expect(s().nodes.map((n) => n.id)).toEqual(["b", "delay"]);
    expect(s().dirty).toBe(true);

    s().undo();
    expect(s().nodes.map((n) => n.id)).toEqual(["a", "b", "delay"]);
    s().undo();
    expect(s().nodes.find((n) => n.id === "delay")?.data).toMatchObject({ name: "Delay" });
    s().undo();
    expect(s().edges.map((e) => e.id)).toEqual(["e0"]);
    s().undo();
    expect(s().nodes.map((n) => n.id)).toEqual(["a", "b"]);
    s().undo();
    expect(s().nodes.map((n) => n.id)).toEqual(["a", "b"]);

    s().redo();
    s().redo();
    expect(s().edges.map((e) => e.id)).toEqual(["e0", "e_b_delay"]);
    s().redo();
    s().redo();
    expect(
      s()
        .document()
        .nodes.map((n) => [n.id, n.name]),
    ).toEqual([
      ["b", "b"],
      ["delay", "Wait a bit"],
    ]);
  });

  it("a new edit after undo drops the redo stack; saving marks it clean", () => {
    const store = loaded();
    const s = () => store.getState();
    s().addBlock("flow.delay", { x: 0, y: 0 });
    s().undo();
    s().addBlock("code.javascript", { x: 0, y: 0 });
    expect(s().future).toEqual([]);
    s().markSaved(4);
    expect(s()).toMatchObject({ dirty: false, baseVersion: 4 });
  });

  it("gives every added node a unique id", () => {
    const store = loaded();
    const ids = [1, 2, 3].map(() => store.getState().addBlock("flow.delay", { x: 0, y: 0 }));
    expect(ids).toEqual(["delay", "delay_2", "delay_3"]);
  });
});
