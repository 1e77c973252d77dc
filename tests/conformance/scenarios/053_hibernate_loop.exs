# 053 hibernate_loop
#
# Rule: :erlang.hibernate(m, f, a) waits for a message and then continues in
#       apply(m, f, a), never returning to its caller: a server that hibernates
#       after every message handles any number of them (10,000 here) with its state
#       passed along; a message already queued wakes it at once; the function it
#       continues in sees the whole mailbox, so a receive pinning a ref made before
#       hibernating takes the reply past a message that arrived before it, and
#       that earlier message stays queued.
#
# Trace:
#   total {50005000, 10000}
#   server_down :normal
#   after_wake {:woke_with, 42}
#   leftover [:noise]
#   client_down :normal
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Conf053 do
  @n 10_000

  # the server: adds up the numbers it gets, hibernating after every message
  def loop({sum, count}) do
    receive do
      {:add, i} -> :erlang.hibernate(__MODULE__, :loop, [{sum + i, count + 1}])
      {:get, from} -> send(from, {:total, {sum, count}})
    end
  end

  # answers one request with a noise message first, then {ref, value}
  def replier do
    spawn(fn ->
      receive do
        {:req, from, ref} ->
          send(from, :noise)
          send(from, {ref, 42})
      end
    end)
  end

  # where the hibernating client continues: a receive pinning ref
  def wait_reply(main, ref) do
    receive do
      {^ref, v} -> send(main, {:after_wake, {:woke_with, v}, T.drain()})
    after
      1000 -> send(main, {:after_wake, :no_reply, T.drain()})
    end
  end

  def run do
    main = self()
    {server, smref} = spawn_monitor(fn -> loop({0, 0}) end)
    T.name(server, :server)
    Enum.each(1..@n, &send(server, {:add, &1}))
    send(server, {:get, main})

    # the server's DOWN as an alternative, so that a crashed server shows in the trace
    receive do
      {:total, t} -> T.p("total", t)
      {:DOWN, ^smref, :process, _, why} -> T.p("server_crashed", why)
    end

    receive do
      {:DOWN, ^smref, :process, _, why} -> T.p("server_down", why)
    after
      1000 -> T.say("no_server_down")
    end

    r = replier()

    {client, mref} =
      spawn_monitor(fn ->
        ref = make_ref()
        send(r, {:req, self(), ref})
        :erlang.hibernate(__MODULE__, :wait_reply, [main, ref])
      end)

    T.name(client, :client)

    receive do
      {:after_wake, got, rest} ->
        T.p("after_wake", got)
        T.p("leftover", rest)

      {:DOWN, ^mref, :process, _, why} ->
        T.p("client_crashed", why)
    end

    receive do
      {:DOWN, ^mref, :process, _, why} -> T.p("client_down", why)
    after
      1000 -> T.say("no_client_down")
    end
  end
end

T.start()
Conf053.run()
T.done()
