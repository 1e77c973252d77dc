# 046 links_symmetric
#
# Rule: a link is one bidirectional relation: after a calls Process.link(b) both
#       Process.info(a, :links) and Process.info(b, :links) list the other; after b
#       calls Process.unlink(a) neither does. (Each side first exchanges a message
#       with the other, so the link/unlink signal has been handled on both sides.)
#
# Trace:
#   a_links {:links, [:b]}
#   b_links {:links, [:a]}
#   a_links_after {:links, []}
#   b_links_after {:links, []}
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf046 do
  # Runs commands from main: {:link, pid} / {:unlink, pid}, then a ping round trip
  # with `pid` so that the signal has reached it; answers main with :done.
  def peer(main) do
    receive do
      {op, other} when op in [:link, :unlink] ->
        apply(Process, op, [other])
        send(other, {:ping, self()})
        receive do: (:pong -> send(main, :done))
        peer(main)

      {:ping, from} ->
        send(from, :pong)
        peer(main)

      :stop ->
        :ok
    end
  end

  def run do
    main = self()
    a = T.name(spawn(fn -> peer(main) end), :a)
    b = T.name(spawn(fn -> peer(main) end), :b)

    send(a, {:link, b})
    receive do: (:done -> :ok)
    T.p("a_links", Process.info(a, :links))
    T.p("b_links", Process.info(b, :links))

    send(b, {:unlink, a})
    receive do: (:done -> :ok)
    T.p("a_links_after", Process.info(a, :links))
    T.p("b_links_after", Process.info(b, :links))

    send(a, :stop)
    send(b, :stop)
  end
end

T.start()
Conf046.run()
T.done()
