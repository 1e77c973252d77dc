# 013 link_abnormal_kills
#
# Rule: an abnormal exit reason travels over a link in both directions and kills a
#       non-trapping peer with the same reason: a crashing child kills the parent that
#       spawn_link-ed it, and a crashing parent kills its linked child.
#
# Trace:
#   child_down :boom
#   parent_down :boom
#   parent2_down :boom
#   child2_down :boom
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf013 do
  # Spawns a parent that spawn_links `kid_body`, reports the kid, then runs `rest`.
  def family(kid_body, rest, parent_label, kid_label) do
    main = self()

    parent =
      spawn(fn ->
        send(main, {:kid, spawn_link(kid_body)})
        rest.()
      end)

    T.name(parent, parent_label)
    kid = receive do: ({:kid, k} -> T.name(k, kid_label))
    {parent, Process.monitor(parent), kid, Process.monitor(kid)}
  end

  def down_or(mref, label, fallback) do
    receive do
      {:DOWN, ^mref, :process, _, why} -> T.p(label, why)
    after
      1000 -> T.say(fallback)
    end
  end

  def run do
    # direction 1: the child crashes, the parent follows
    {_parent, pref, kid, kref} =
      family(
        fn -> receive do: (:go -> exit(:boom)) end,
        fn -> Process.sleep(:infinity) end,
        :parent,
        :child
      )

    send(kid, :go)
    down_or(kref, "child_down", "child_survived")
    down_or(pref, "parent_down", "parent_survived")

    # direction 2: the parent crashes, the child follows
    {parent2, pref2, _kid2, kref2} =
      family(
        fn -> Process.sleep(:infinity) end,
        fn -> receive do: (:die -> exit(:boom)) end,
        :parent2,
        :child2
      )

    send(parent2, :die)
    down_or(pref2, "parent2_down", "parent2_survived")
    down_or(kref2, "child2_down", "child2_survived")
  end
end

T.start()
Conf013.run()
T.done()
