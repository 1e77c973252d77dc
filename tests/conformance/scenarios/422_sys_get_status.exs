# 422 sys_get_status
#
# Rule: :sys.get_status answers {:status, pid, {:module, :gen_server}, [pdict,
#       sys_state, parent, debug, misc]}; misc is a header naming the server, the
#       data [Status, Parent, Logged events] and the data [State]; format_status/1
#       is given a map with the keys :log and :state only, and what it leaves of the
#       state is what get_status shows (get_state still shows the real state); the
#       parent of a start_link'ed server is its starter, a start'ed server is its
#       own parent. (Charlists are shown as strings.)
#
# Trace:
#   shape {:status, :server, {:module, :gen_server}}
#   sys_state :running
#   parent :main
#   debug []
#   header "Status for generic server conf422"
#   data [{"Status", :running}, {"Parent", :main}, {"Logged events", []}]
#   state_data [{"State", {:hidden, 2}}]
#   ev {:format_status_keys, [:log, :state]}
#   get_state %{:password => "secret", :user => "joe"}
#   unlinked_parent :other
#   unlinked_state_data [{"State", 7}]
#   done
Code.require_file("../support/trace.exs", __DIR__)

defmodule Secret do
  use GenServer
  def init({main, s}), do: {:ok, {main, s}}

  def format_status(status) do
    {main, s} = status.state
    T.emit(main, {:format_status_keys, status |> Map.keys() |> Enum.sort()})
    %{status | state: {:hidden, map_size(s)}}
  end
end

defmodule Plain do
  use GenServer
  def init(n), do: {:ok, n}
end

defmodule Conf422 do
  def strings(pairs), do: Enum.map(pairs, fn {k, v} -> {List.to_string(k), v} end)

  def run do
    main = self()
    state = %{user: "joe", password: "secret"}
    {:ok, pid} = GenServer.start_link(Secret, {main, state}, name: :conf422)
    T.name(pid, :server)
    {:status, spid, mod, [_pdict, sys_state, parent, debug, misc]} = :sys.get_status(pid, 1000)
    T.p("shape", {:status, spid, mod})
    T.p("sys_state", sys_state)
    T.p("parent", parent)
    T.p("debug", debug)
    [{:header, header}, {:data, data}, {:data, state_data}] = misc
    T.p("header", List.to_string(header))
    T.p("data", strings(data))
    T.p("state_data", strings(state_data))
    T.ev()
    {^main, s} = :sys.get_state(pid, 1000)
    T.p("get_state", s)

    {:ok, other} = GenServer.start(Plain, 7)
    T.name(other, :other)
    {:status, _, _, [_, _, parent2, _, misc2]} = :sys.get_status(other, 1000)
    T.p("unlinked_parent", parent2)
    [_, _, {:data, state_data2}] = misc2
    T.p("unlinked_state_data", strings(state_data2))
  end
end

T.start()
Conf422.run()
T.done()
