# 012 link_normal_exit_no_kill
#
# Rule: a linked process that exits with :normal does not take a non-trapping
#       linked process down with it (the :normal exit signal is ignored).
#
# Trace:
#   child_down :normal
#   parent_reply :pong
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf012 do
  def serve_pings(main) do
    receive do
      :ping -> send(main, :pong)
    end

    serve_pings(main)
  end

  def run do
    main = self()

    parent =
      spawn(fn ->
        kid = spawn_link(fn -> receive do: (:go -> :ok) end)
        send(main, {:kid, kid})
        serve_pings(main)
      end)

    T.name(parent, :parent)
    kid = receive do: ({:kid, k} -> T.name(k, :child))
    parent_ref = Process.monitor(parent)
    send(kid, :go)
    T.p("child_down", T.wait_down(kid))
    # leave the (ignored) exit signal time to reach the parent
    Process.sleep(50)
    send(parent, :ping)

    receive do
      :pong -> T.p("parent_reply", :pong)
      {:DOWN, ^parent_ref, :process, _, why} -> T.p("parent_down", why)
    after
      1000 -> T.say("no_reply")
    end
  end
end

T.start()
Conf012.run()
T.done()
