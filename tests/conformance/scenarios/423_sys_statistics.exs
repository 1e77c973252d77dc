# 423 sys_statistics
#
# Rule: :sys.statistics(pid, true) starts counting: messages_in counts calls,
#       casts and other messages (not system messages), messages_out the replies;
#       :get answers {:ok, [start_time, current_time, reductions, messages_in,
#       messages_out]} with localtime tuples; false stops it and :get then
#       answers {:ok, :no_statistics}; another flag answers :unknown_debug (for
#       trace too); get_status lists the debug options newest first.
#
# Trace:
#   before {:ok, :no_statistics}
#   on :ok
#   keys [:start_time, :current_time, :reductions, :messages_in, :messages_out]
#   times_are_localtime true
#   reductions_is_integer true
#   in_out {3, 1}
#   debug_keys [:trace, :statistics]
#   debug_counts {3, 1}
#   trace_off :ok
#   debug_keys [:statistics]
#   off :ok
#   after {:ok, :no_statistics}
#   bad_flag :unknown_debug
#   bad_trace_flag :unknown_debug
#   debug []
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Stat do
  use GenServer
  def init(n), do: {:ok, n}
  def handle_call(:get, _from, n), do: {:reply, n, n}
  def handle_cast(:inc, n), do: {:noreply, n + 1}
  def handle_info(:inc, n), do: {:noreply, n + 1}
end

defmodule Conf423 do
  def localtime?({{y, mo, d}, {h, mi, s}}),
    do: Enum.all?([y, mo, d, h, mi, s], &is_integer/1)

  def localtime?(_), do: false

  def debug(pid) do
    {:status, _, _, [_, _, _, debug, _]} = :sys.get_status(pid, 1000)
    debug
  end

  def run do
    {:ok, pid} = GenServer.start_link(Stat, 0)
    T.name(pid, :server)
    T.p("before", :sys.statistics(pid, :get, 1000))
    T.p("on", :sys.statistics(pid, true, 1000))
    0 = GenServer.call(pid, :get)
    GenServer.cast(pid, :inc)
    send(pid, :inc)
    _ = :sys.get_state(pid, 1000)
    {:ok, stats} = :sys.statistics(pid, :get, 1000)
    T.p("keys", Keyword.keys(stats))
    T.p("times_are_localtime", localtime?(stats[:start_time]) and localtime?(stats[:current_time]))
    T.p("reductions_is_integer", is_integer(stats[:reductions]))
    T.p("in_out", {stats[:messages_in], stats[:messages_out]})
    :ok = :sys.trace(pid, true, 1000)
    d = debug(pid)
    T.p("debug_keys", Keyword.keys(d))
    {_, _, din, dout} = d[:statistics]
    T.p("debug_counts", {din, dout})
    T.p("trace_off", :sys.trace(pid, false, 1000))
    T.p("debug_keys", Keyword.keys(debug(pid)))
    T.p("off", :sys.statistics(pid, false, 1000))
    T.p("after", :sys.statistics(pid, :get, 1000))
    T.p("bad_flag", :sys.statistics(pid, :bogus, 1000))
    T.p("bad_trace_flag", :sys.trace(pid, :bogus, 1000))
    T.p("debug", debug(pid))
  end
end

T.start()
Conf423.run()
T.done()
