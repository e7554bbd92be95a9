//! How definitions shared through libraries read and write: a map names a library persona by
//! its id alone, and writing the map back keeps it that way (a library channel is not
//! written into the map at all).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::{Channel, Persona, PersonaEntry};

pub mod persona_entries {
    use super::*;

    /// Reads each entry; an id alone becomes a persona awaiting its library's definition
    /// (`shared` set, no name), which resolution fills in or reports.
    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Persona>, D::Error> {
        let entries = Vec::<PersonaEntry>::deserialize(d)?;
        Ok(entries
            .into_iter()
            .map(|entry| match entry {
                PersonaEntry::Defined(persona) => *persona,
                PersonaEntry::Shared(id) => Persona::named_in_library(id),
            })
            .collect())
    }

    /// Writes a library persona as its id, and a persona defined in the map in full.
    pub fn serialize<S: Serializer>(personas: &[Persona], s: S) -> Result<S::Ok, S::Error> {
        let entries: Vec<PersonaEntry> = personas
            .iter()
            .map(|p| match p.shared {
                Some(_) => PersonaEntry::Shared(p.id.clone()),
                None => PersonaEntry::Defined(Box::new(p.clone())),
            })
            .collect();
        entries.serialize(s)
    }
}

/// Whether every channel came from a library (so the map writes no `channels`).
pub fn only_shared_channels(channels: &[Channel]) -> bool {
    channels.iter().all(|c| c.shared.is_some())
}

/// Writes the channels the map defines itself.
pub fn serialize_own_channels<S: Serializer>(
    channels: &[Channel],
    s: S,
) -> Result<S::Ok, S::Error> {
    let own: Vec<&Channel> = channels.iter().filter(|c| c.shared.is_none()).collect();
    own.serialize(s)
}

impl Persona {
    /// A persona with only its id and name, defined in the map.
    pub fn new(id: super::Id, name: String) -> Persona {
        Persona {
            id,
            name,
            description: None,
            quote: None,
            goals: Vec::new(),
            frustrations: Vec::new(),
            needs: Vec::new(),
            empathy: None,
            shared: None,
        }
    }

    /// A persona the map names by `id`, to be defined by a library.
    pub fn named_in_library(id: super::Id) -> Persona {
        Persona {
            shared: Some(String::new()),
            ..Persona::new(id, String::new())
        }
    }
}
